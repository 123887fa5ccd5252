// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.26;

// Solidity mirror of the canonical structs of proto/src/main/proto/trestle/v1 (message.proto,
// proof.proto). Field order and types are those of the (trestle.abi.v1.field) options; Java's
// encodings of the same structs are proven equal on a real EVM by AbiConformanceIT.

/// trestle.v1.CrossChainMessage; id = keccak256(keccak256("trestle.v1.CrossChainMessage") ‖ abi.encode(m)).
struct CrossChainMessage {
    uint64 sourceChainId;
    address sourceGateway;
    uint64 nonce;
    address sender;
    uint64 destChainId;
    address recipient;
    bytes payload;
}

/// trestle.v1.MerklePath: siblings from the leaf level up, none on levels where the node is promoted.
struct MerklePath {
    uint64 leafIndex;
    uint64 leafCount;
    bytes32[] siblings;
}

/// trestle.v1.BatchAttestation: what relayers sign (EIP-712) so that a gateway accepts a batch root.
struct BatchAttestation {
    bytes32 committeeId;
    uint64 epoch;
    uint64 height;
    bytes32 root;
    uint64 destChainId;
}

/// Message id and struct hashing shared by the gateway and the conformance contract.
library TrestleHash {
    bytes32 internal constant MESSAGE_TAG_HASH = keccak256("trestle.v1.CrossChainMessage");

    function messageId(CrossChainMessage memory m) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(MESSAGE_TAG_HASH, abi.encode(m)));
    }
}

/// The binary keccak-256 Merkle tree over message ids (verifier/README.md, "Merkle tree"):
/// leaf = keccak256(0x00 ‖ id), node = keccak256(0x01 ‖ left ‖ right), the last node of an odd
/// level is promoted unchanged.
library TrestleMerkle {
    /// Root recomputed from `id` and `path`, or ok = false when the path cannot belong to such a
    /// tree (impossible position or wrong number of siblings).
    function computeRoot(bytes32 id, MerklePath memory path) internal pure returns (bytes32 h, bool ok) {
        uint256 i = path.leafIndex;
        uint256 n = path.leafCount;
        if (n == 0 || i >= n) return (bytes32(0), false);
        h = keccak256(abi.encodePacked(bytes1(0x00), id));
        uint256 next = 0;
        uint256 count = path.siblings.length;
        while (n != 1) {
            bool promoted = (i & 1) == 0 && i + 1 == n;
            if (!promoted) {
                if (next == count) return (bytes32(0), false);
                bytes32 s = path.siblings[next++];
                h = (i & 1) == 0
                    ? keccak256(abi.encodePacked(bytes1(0x01), h, s))
                    : keccak256(abi.encodePacked(bytes1(0x01), s, h));
            }
            i >>= 1;
            n = (n >> 1) + (n & 1);
        }
        if (next != count) return (bytes32(0), false);
        return (h, true);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.26;

import {MerklePath} from "trestle/v1/Proof.sol";

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

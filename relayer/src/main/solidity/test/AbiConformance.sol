// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.26;

import {CrossChainMessage, CrossChainMessageAbi} from "trestle/v1/Message.sol";
import {BatchAttestation, BatchAttestationAbi, MerklePath, MerklePathAbi, MessageProof, MessageProofAbi} from "trestle/v1/Proof.sol";
import {BlockHeader, BlockHeaderAbi} from "trestle/v1/Block.sol";
import {CommitteeRotation, CommitteeRotationAbi} from "trestle/v1/Committee.sol";
import {TrestleMerkle} from "../TrestleMerkle.sol";

/// Test-only: decodes bytes encoded by Java, re-encodes them with Solidity's abi.encode and
/// returns the bytes and hashes, so that a test can compare both implementations on a real EVM.
/// The structs and their <Struct>Abi libraries are the ones abi-codegen generates from the .proto.
contract AbiConformance {
    function message(bytes calldata encoded) external pure returns (bytes memory reencoded, bytes32 id) {
        CrossChainMessage memory m = CrossChainMessageAbi.decode(encoded);
        return (CrossChainMessageAbi.encode(m), CrossChainMessageAbi.hash(m));
    }

    function merklePath(bytes calldata encoded) external pure returns (bytes memory reencoded, bytes32 digest) {
        MerklePath memory p = MerklePathAbi.decode(encoded);
        bytes memory again = MerklePathAbi.encode(p);
        return (again, keccak256(again));
    }

    function batchAttestation(bytes calldata encoded) external pure returns (bytes memory reencoded, bytes32 digest) {
        BatchAttestation memory a = BatchAttestationAbi.decode(encoded);
        bytes memory again = BatchAttestationAbi.encode(a);
        return (again, keccak256(again));
    }

    function blockHeader(bytes calldata encoded) external pure returns (bytes memory reencoded, bytes32 digest) {
        BlockHeader memory h = BlockHeaderAbi.decode(encoded);
        return (BlockHeaderAbi.encode(h), BlockHeaderAbi.hash(h));
    }

    /// Nested dynamic structs, an enum, a string and arrays of structs.
    function committeeRotation(bytes calldata encoded) external pure returns (bytes memory reencoded, bytes32 digest) {
        CommitteeRotation memory r = CommitteeRotationAbi.decode(encoded);
        return (CommitteeRotationAbi.encode(r), CommitteeRotationAbi.hash(r));
    }

    /// Message, path, header and quorum certificate in one tuple.
    function messageProof(bytes calldata encoded) external pure returns (bytes memory reencoded, bytes32 digest) {
        MessageProof memory p = MessageProofAbi.decode(encoded);
        bytes memory again = MessageProofAbi.encode(p);
        return (again, keccak256(again));
    }

    function merkleRoot(bytes32 id, MerklePath calldata path) external pure returns (bytes32 root, bool ok) {
        return TrestleMerkle.computeRoot(id, path);
    }
}

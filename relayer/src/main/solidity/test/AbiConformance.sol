// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.26;

import {CrossChainMessage, MerklePath, BatchAttestation, TrestleHash, TrestleMerkle} from "../TrestleTypes.sol";

/// Test-only: decodes bytes encoded by Java, re-encodes them with Solidity's abi.encode and
/// returns the bytes and hashes, so that a test can compare both implementations on a real EVM.
contract AbiConformance {
    function message(bytes calldata encoded) external pure returns (bytes memory reencoded, bytes32 id) {
        CrossChainMessage memory m = abi.decode(encoded, (CrossChainMessage));
        return (abi.encode(m), TrestleHash.messageId(m));
    }

    function merklePath(bytes calldata encoded) external pure returns (bytes memory reencoded, bytes32 digest) {
        MerklePath memory p = abi.decode(encoded, (MerklePath));
        bytes memory again = abi.encode(p);
        return (again, keccak256(again));
    }

    function batchAttestation(bytes calldata encoded) external pure returns (bytes memory reencoded, bytes32 digest) {
        BatchAttestation memory a = abi.decode(encoded, (BatchAttestation));
        bytes memory again = abi.encode(a);
        return (again, keccak256(again));
    }

    function merkleRoot(bytes32 id, MerklePath calldata path) external pure returns (bytes32 root, bool ok) {
        return TrestleMerkle.computeRoot(id, path);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.26;

/// Implemented by contracts that receive cross-chain messages from a TrestleGateway. The gateway
/// calls it once per message with a bounded amount of gas; a revert marks the message FAILED (it
/// can be retried with TrestleGateway.retry) and never reverts the delivery transaction.
interface ITrestleReceiver {
    /// @param messageId the message id (hash of the CrossChainMessage)
    /// @param sourceChainId EIP-155 chain id of the source chain
    /// @param sender account that called send() on the source gateway
    /// @param payload application payload
    function onTrestleMessage(bytes32 messageId, uint64 sourceChainId, address sender, bytes calldata payload)
        external;
}

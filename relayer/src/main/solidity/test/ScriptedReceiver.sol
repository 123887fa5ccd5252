// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.26;

import {ITrestleReceiver} from "trestle/evm/v1/Gateway.sol";

/// Test-only receiver: records each delivery; reverts while `failing` is set (to exercise
/// MessageFailed and retry).
contract ScriptedReceiver is ITrestleReceiver {
    bool public failing;
    uint256 public deliveries;
    bytes32 public lastId;
    bytes public lastPayload;

    event Received(bytes32 indexed id, uint64 sourceChainId, address sender, bytes payload);

    function setFailing(bool f) external {
        failing = f;
    }

    function onTrestleMessage(bytes32 messageId, uint64 sourceChainId, address sender, bytes calldata payload)
        external
    {
        require(!failing, "scripted failure");
        deliveries++;
        lastId = messageId;
        lastPayload = payload;
        emit Received(messageId, sourceChainId, sender, payload);
    }
}

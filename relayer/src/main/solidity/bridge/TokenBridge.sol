// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.26;

import {ITrestleGateway, ITrestleReceiver} from "trestle/evm/v1/Gateway.sol";
import {SimpleERC20} from "./SimpleERC20.sol";

/// Example token bridge on Trestle messages. lock() keeps a native ERC-20 here and asks the peer
/// bridge on the destination chain to mint its wrapped twin; burn() destroys wrapped tokens and asks
/// the origin chain's bridge to release the locked ones. Payload (what the governor reads):
/// abi.encode(uint8 action, uint64 originChainId, address originToken, address to, uint256 amount),
/// action 1 = MINT, 2 = RELEASE.
contract TokenBridge is ITrestleReceiver {
    uint8 public constant MINT = 1;
    uint8 public constant RELEASE = 2;

    address public immutable gateway;
    address public immutable admin;
    /// peer bridge per chain id
    mapping(uint64 => address) public peers;
    /// wrapped token for (origin chain, origin token)
    mapping(uint64 => mapping(address => address)) public wrappedOf;
    /// origin of a wrapped token
    mapping(address => uint64) public originChainOf;
    mapping(address => address) public originTokenOf;
    /// native tokens locked here for a destination chain
    mapping(uint64 => mapping(address => uint256)) public locked;

    event Locked(address indexed token, uint64 indexed destChainId, address to, uint256 amount, bytes32 messageId);
    event Minted(address indexed wrapped, address indexed to, uint256 amount, bytes32 messageId);
    event Burned(address indexed wrapped, address to, uint256 amount, bytes32 messageId);
    event Released(address indexed token, address indexed to, uint256 amount, bytes32 messageId);

    error NotAdmin();
    error NotGateway();
    error UnknownPeer(uint64 chainId, address sender);
    error NotWrapped(address token);
    error Overdrawn();
    error BadAction(uint8 action);
    error TransferFailed();

    constructor(address gateway_) {
        gateway = gateway_;
        admin = msg.sender;
    }

    function setPeer(uint64 chainId, address peer) external {
        if (msg.sender != admin) revert NotAdmin();
        peers[chainId] = peer;
    }

    function lock(address token, uint256 amount, uint64 destChainId, address to) external returns (bytes32 id) {
        address peer = peers[destChainId];
        if (peer == address(0)) revert UnknownPeer(destChainId, address(0));
        if (!SimpleERC20(token).transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
        locked[destChainId][token] += amount;
        id = ITrestleGateway(gateway).send(destChainId, peer, abi.encode(MINT, uint64(block.chainid), token, to, amount));
        emit Locked(token, destChainId, to, amount, id);
    }

    function burn(address wrapped, uint256 amount, address to) external returns (bytes32 id) {
        uint64 origin = originChainOf[wrapped];
        if (origin == 0) revert NotWrapped(wrapped);
        SimpleERC20(wrapped).burn(msg.sender, amount);
        id = ITrestleGateway(gateway).send(
            origin, peers[origin], abi.encode(RELEASE, origin, originTokenOf[wrapped], to, amount)
        );
        emit Burned(wrapped, to, amount, id);
    }

    function onTrestleMessage(bytes32 messageId, uint64 sourceChainId, address sender, bytes calldata payload)
        external
    {
        if (msg.sender != gateway) revert NotGateway();
        if (sender != peers[sourceChainId] || sender == address(0)) revert UnknownPeer(sourceChainId, sender);
        (uint8 action, uint64 originChain, address originToken, address to, uint256 amount) =
            abi.decode(payload, (uint8, uint64, address, address, uint256));
        if (action == MINT) {
            address w = wrappedOf[originChain][originToken];
            if (w == address(0)) {
                w = address(new SimpleERC20("Trestle wrapped", "tWRAP"));
                wrappedOf[originChain][originToken] = w;
                originChainOf[w] = originChain;
                originTokenOf[w] = originToken;
            }
            SimpleERC20(w).mint(to, amount);
            emit Minted(w, to, amount, messageId);
        } else if (action == RELEASE) {
            if (locked[sourceChainId][originToken] < amount) revert Overdrawn();
            locked[sourceChainId][originToken] -= amount;
            if (!SimpleERC20(originToken).transfer(to, amount)) revert TransferFailed();
            emit Released(originToken, to, amount, messageId);
        } else {
            revert BadAction(action);
        }
    }
}

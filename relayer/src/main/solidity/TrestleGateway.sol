// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.26;

import {CrossChainMessage, MerklePath, BatchAttestation, TrestleHash, TrestleMerkle} from "./TrestleTypes.sol";
import {ITrestleReceiver} from "./ITrestleReceiver.sol";

/// The on-chain end of Trestle. As a source: send() numbers and announces messages. As a
/// destination: submitBatch() accepts a batch root attested (EIP-712) by more than 2/3 of the weight
/// of the current committee, and execute() delivers each message of a stored root exactly once.
/// The committee rotates and pauses the gateway only with a quorum of its own signatures.
contract TrestleGateway {
    bytes32 public constant BATCH_TYPEHASH =
        keccak256("BatchAttestation(bytes32 committeeId,uint64 epoch,uint64 height,bytes32 root,uint64 destChainId)");
    bytes32 public constant ROTATION_TYPEHASH =
        keccak256("CommitteeRotation(bytes32 committeeId,uint64 newEpoch,address[] members,uint64[] weights)");
    bytes32 public constant PAUSE_TYPEHASH =
        keccak256("PauseChange(bytes32 committeeId,uint64 epoch,uint64 pauseNonce,bool paused)");
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    uint256 public constant MAX_PAYLOAD = 65536;
    uint256 public constant MAX_MEMBERS = 256;
    uint256 private constant HALF_N = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    enum Status {
        Unknown,
        Executed,
        Failed
    }

    struct Batch {
        uint64 epoch;
        uint64 height;
        bool known;
    }

    /// Identifies the bridge deployment; part of every signed struct.
    bytes32 public immutable committeeId;
    /// Gas given to a receiver's onTrestleMessage.
    uint256 public immutable executionGasLimit;

    uint64 public currentEpoch;
    uint64 public lastNonce;
    uint64 public pauseNonce;
    bool public paused;
    uint64 public totalWeight;
    address[] private members;
    mapping(address => uint64) private weightOf;
    mapping(bytes32 => Batch) public batches;
    mapping(bytes32 => Status) public status;

    event MessageSent(bytes32 indexed id, uint64 indexed nonce, CrossChainMessage message);
    // Event shapes as declared in proto/src/main/proto/trestle/evm/v1/gateway.proto.
    event BatchSubmitted(uint64 indexed epoch, uint64 indexed height, bytes32 root);
    /// success = false when the recipient reverted (then MessageFailed carries the reason).
    event MessageExecuted(bytes32 indexed id, bool success);
    event MessageFailed(bytes32 indexed id, bytes reason);
    event CommitteeRotated(uint64 indexed epoch, address[] members, uint64[] weights);
    event PauseChanged(bool paused, uint64 pauseNonce);

    error Paused();
    error PayloadTooLarge(uint256 length);
    error InvalidCommittee();
    error WrongEpoch(uint64 expected, uint64 got);
    error InvalidSignature(uint256 index);
    error SignersNotAscending(uint256 index);
    error NotAMember(address signer);
    error NoQuorum(uint256 signedWeight, uint256 totalWeight);
    error WrongDestination(uint64 destChainId);
    error BadMerklePath();
    error UnknownRoot(bytes32 root);
    error AlreadyExecuted(bytes32 id);
    error NotFailed(bytes32 id);
    error InsufficientGas();

    constructor(bytes32 committeeId_, uint64 epoch, address[] memory members_, uint64[] memory weights, uint256 gasLimit) {
        committeeId = committeeId_;
        executionGasLimit = gasLimit;
        _setCommittee(epoch, members_, weights);
    }

    modifier whenNotPaused() {
        if (paused) revert Paused();
        _;
    }

    // ---------------------------------------------------------------- source side

    /// Announces a message to `recipient` on chain `destChainId`; returns its id.
    function send(uint64 destChainId, address recipient, bytes calldata payload)
        external
        whenNotPaused
        returns (bytes32 id)
    {
        if (payload.length > MAX_PAYLOAD) revert PayloadTooLarge(payload.length);
        uint64 n = ++lastNonce;
        CrossChainMessage memory m = CrossChainMessage({
            sourceChainId: uint64(block.chainid),
            sourceGateway: address(this),
            nonce: n,
            sender: msg.sender,
            destChainId: destChainId,
            recipient: recipient,
            payload: payload
        });
        id = TrestleHash.messageId(m);
        emit MessageSent(id, n, m);
    }

    // ---------------------------------------------------------------- destination side

    /// Stores `root` once a quorum of the current committee signed its BatchAttestation. A root
    /// already stored is a no-op, so that a fallback submitter racing the primary costs little.
    function submitBatch(uint64 epoch, uint64 height, bytes32 root, bytes[] calldata signatures)
        external
        whenNotPaused
    {
        if (batches[root].known) return;
        if (epoch != currentEpoch) revert WrongEpoch(currentEpoch, epoch);
        bytes32 structHash =
            keccak256(abi.encode(BATCH_TYPEHASH, committeeId, epoch, height, root, uint64(block.chainid)));
        _requireQuorum(structHash, signatures);
        batches[root] = Batch({epoch: epoch, height: height, known: true});
        emit BatchSubmitted(epoch, height, root);
    }

    /// Executes `m` if `path` proves it is in a stored root and it was never executed. A receiver
    /// failure is recorded (status Failed, event MessageFailed) instead of reverting.
    function execute(CrossChainMessage calldata m, MerklePath calldata path) external whenNotPaused {
        if (m.destChainId != block.chainid) revert WrongDestination(m.destChainId);
        bytes32 id = TrestleHash.messageId(m);
        if (status[id] != Status.Unknown) revert AlreadyExecuted(id);
        (bytes32 root, bool ok) = TrestleMerkle.computeRoot(id, path);
        if (!ok) revert BadMerklePath();
        if (!batches[root].known) revert UnknownRoot(root);
        _deliver(id, m);
    }

    /// Executes again a message whose receiver failed before (anyone may call it).
    function retry(CrossChainMessage calldata m) external whenNotPaused {
        bytes32 id = TrestleHash.messageId(m);
        if (status[id] != Status.Failed) revert NotFailed(id);
        _deliver(id, m);
    }

    function _deliver(bytes32 id, CrossChainMessage calldata m) private {
        status[id] = Status.Executed; // before the call: a re-entrant execute of the same id fails
        // EIP-150 passes at most 63/64 of the remaining gas: demand enough that the receiver really
        // gets executionGasLimit, so a submitter cannot force a failure by starving the call.
        if (gasleft() < executionGasLimit + executionGasLimit / 63 + 10_000) revert InsufficientGas();
        bytes memory data =
            abi.encodeCall(ITrestleReceiver.onTrestleMessage, (id, m.sourceChainId, m.sender, m.payload));
        (bool success, bytes memory reason) = m.recipient.call{gas: executionGasLimit}(data);
        bool ok = success && m.recipient.code.length > 0;
        if (!ok) {
            status[id] = Status.Failed;
            emit MessageFailed(id, success ? bytes("recipient has no code") : reason);
        }
        emit MessageExecuted(id, ok);
    }

    // ---------------------------------------------------------------- governance by committee quorum

    /// Replaces the committee by the one of epoch currentEpoch + 1, signed by the current quorum.
    function rotateCommittee(address[] calldata newMembers, uint64[] calldata newWeights, bytes[] calldata signatures)
        external
    {
        uint64 newEpoch = currentEpoch + 1;
        bytes32 structHash = keccak256(
            abi.encode(
                ROTATION_TYPEHASH,
                committeeId,
                newEpoch,
                keccak256(abi.encodePacked(newMembers)),
                keccak256(abi.encodePacked(newWeights))
            )
        );
        _requireQuorum(structHash, signatures);
        for (uint256 i = 0; i < members.length; i++) {
            delete weightOf[members[i]];
        }
        _setCommittee(newEpoch, newMembers, newWeights);
    }

    /// Pauses or unpauses send, submitBatch, execute and retry, signed by the current quorum.
    function setPaused(bool paused_, bytes[] calldata signatures) external {
        bytes32 structHash = keccak256(abi.encode(PAUSE_TYPEHASH, committeeId, currentEpoch, pauseNonce, paused_));
        _requireQuorum(structHash, signatures);
        pauseNonce++;
        paused = paused_;
        emit PauseChanged(paused_, pauseNonce);
    }

    // ---------------------------------------------------------------- views

    function domainSeparator() public view returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("Trestle"), keccak256("1"), block.chainid, address(this))
        );
    }

    function committee() external view returns (uint64 epoch, address[] memory addrs, uint64[] memory weights) {
        weights = new uint64[](members.length);
        for (uint256 i = 0; i < members.length; i++) {
            weights[i] = weightOf[members[i]];
        }
        return (currentEpoch, members, weights);
    }

    // ---------------------------------------------------------------- internals

    function _setCommittee(uint64 epoch, address[] memory members_, uint64[] memory weights) private {
        if (members_.length == 0 || members_.length > MAX_MEMBERS || members_.length != weights.length) {
            revert InvalidCommittee();
        }
        uint64 total = 0;
        for (uint256 i = 0; i < members_.length; i++) {
            address a = members_[i];
            if (a == address(0) || weights[i] == 0 || weightOf[a] != 0) revert InvalidCommittee();
            weightOf[a] = weights[i];
            total += weights[i];
        }
        members = members_;
        totalWeight = total;
        currentEpoch = epoch;
        emit CommitteeRotated(epoch, members_, weights);
    }

    /// Signatures are 65 bytes (r ‖ s ‖ v), low-s, by distinct members in ascending address order;
    /// their weight must exceed 2/3 of the committee's total.
    function _requireQuorum(bytes32 structHash, bytes[] calldata signatures) private view {
        bytes32 digest = keccak256(abi.encodePacked(hex"1901", domainSeparator(), structHash));
        uint256 signed = 0;
        address previous = address(0);
        for (uint256 i = 0; i < signatures.length; i++) {
            address signer = _recover(digest, signatures[i]);
            if (signer == address(0)) revert InvalidSignature(i);
            if (signer <= previous) revert SignersNotAscending(i);
            uint64 w = weightOf[signer];
            if (w == 0) revert NotAMember(signer);
            signed += w;
            previous = signer;
        }
        if (signed * 3 <= uint256(totalWeight) * 2) revert NoQuorum(signed, totalWeight);
    }

    function _recover(bytes32 digest, bytes calldata sig) private pure returns (address) {
        if (sig.length != 65) return address(0);
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        if ((v != 27 && v != 28) || uint256(s) > HALF_N) return address(0);
        return ecrecover(digest, v, r, s);
    }
}

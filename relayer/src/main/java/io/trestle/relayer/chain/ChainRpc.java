package io.trestle.relayer.chain;

import java.math.BigInteger;
import java.util.Optional;

/** Read and write access to one EVM chain: what the deliverer needs besides the watcher's reads. */
public interface ChainRpc extends ChainReader {
  /** eth_chainId. */
  long chainId();

  /** eth_call against the latest block. @throws RpcException (REJECTED) on a revert */
  byte[] call(String to, byte[] data);

  /** eth_getTransactionCount(address, "pending"). */
  long pendingNonce(String address);

  /** Base fee of the latest block, in wei. */
  BigInteger baseFee();

  /** eth_maxPriorityFeePerGas, in wei. */
  BigInteger priorityFee();

  /** eth_estimateGas of a call from {@code from}. @throws RpcException (REJECTED) on a revert */
  long estimateGas(String from, String to, byte[] data);

  /** eth_sendRawTransaction; returns the transaction hash. */
  String sendRawTransaction(byte[] signed);

  /** eth_getTransactionReceipt; empty while not mined. */
  Optional<Receipt> receipt(String txHash);
}

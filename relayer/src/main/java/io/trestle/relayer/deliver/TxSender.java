package io.trestle.relayer.deliver;

import io.trestle.relayer.chain.ChainRpc;
import io.trestle.relayer.chain.Receipt;
import io.trestle.relayer.chain.RpcException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * Sends one account's EIP-1559 transactions on one chain and tracks them to a receipt.
 *
 * <p>Nonces: the next nonce is max(the chain's pending count for the account, one past the last
 * nonce this sender or its {@link TxJournal} used), so a restart resumes from the chain (which
 * counts mined and pending transactions) and concurrent sends in one process never reuse a nonce.
 * Each signed transaction is recorded in the journal before it is sent and settled when mined; what
 * a crash left unsettled is resolved by {@link #recover} before anything new is sent (a node that
 * restarts does not send a call whose first transaction may still be mined). A tx not mined within
 * {@code receiptTimeout} is re-signed with the same nonce and fees bumped per {@link FeePolicy}
 * (capped); every hash sent for that nonce is tracked, since any of them may be mined. One call at
 * a time (synchronized): the relayer's delivery thread owns the account.
 */
public final class TxSender {
  /** Pauses between receipt polls; tests pass one that moves a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** A transaction that was not mined after every re-submission. */
  public static final class TxTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TxTimeoutException(String message) {
      super(message);
    }
  }

  private final ChainRpc rpc;
  private final long chainId;
  private final EvmKey key;
  private final FeePolicy fees;
  private final Duration receiptTimeout;
  private final Duration pollInterval;
  private final int maxAttempts;
  private final Sleeper sleeper;
  private final TxJournal journal;
  private long nextLocal = -1;
  private volatile long sent;
  private volatile long replacements;

  public TxSender(
      ChainRpc rpc,
      long chainId,
      EvmKey key,
      FeePolicy fees,
      Duration receiptTimeout,
      Duration pollInterval,
      int maxAttempts,
      Sleeper sleeper) {
    this(
        rpc,
        chainId,
        key,
        fees,
        receiptTimeout,
        pollInterval,
        maxAttempts,
        sleeper,
        TxJournal.inMemory());
  }

  /**
   * @param journal where nonces and unmined transactions are recorded before they are sent (a
   *     {@link FileTxJournal} makes them survive a restart)
   */
  public TxSender(
      ChainRpc rpc,
      long chainId,
      EvmKey key,
      FeePolicy fees,
      Duration receiptTimeout,
      Duration pollInterval,
      int maxAttempts,
      Sleeper sleeper,
      TxJournal journal) {
    this.journal = journal;
    this.rpc = rpc;
    this.chainId = chainId;
    this.key = key;
    this.fees = fees;
    this.receiptTimeout = receiptTimeout;
    this.pollInterval = pollInterval;
    this.maxAttempts = maxAttempts;
    this.sleeper = sleeper;
  }

  /** The sending account. */
  public String address() {
    return key.address();
  }

  /** Transactions signed and sent, re-submissions included. */
  public long sentCount() {
    return sent;
  }

  /** Re-submissions with bumped fees. */
  public long replacementCount() {
    return replacements;
  }

  /**
   * Sends a call to {@code to} and waits for its receipt (which may report a revert).
   *
   * @throws RpcException if the node rejects it (e.g. the gas estimate reverts)
   * @throws TxTimeoutException if not mined after {@code maxAttempts} offers
   * @throws InterruptedException if interrupted while waiting
   */
  public synchronized Receipt send(String to, byte[] data) throws InterruptedException {
    recover();
    long estimate = rpc.estimateGas(key.address(), to, data);
    BigInteger gasLimit = BigInteger.valueOf(estimate + estimate / 5 + 20_000);
    long nonce =
        Math.max(Math.max(rpc.pendingNonce(key.address()), nextLocal), journal.nextNonce());
    FeePolicy.Fees offer = fees.initial(rpc.baseFee(), rpc.priorityFee());
    List<String> hashes = new ArrayList<>();
    int resyncs = 0;
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      boolean resend = true;
      if (attempt > 0) {
        FeePolicy.Fees bumped = fees.bump(offer);
        resend = fees.isReplacement(offer, bumped); // false at the caps: keep waiting
        if (resend) {
          offer = bumped;
          replacements++;
        }
      }
      if (resend) {
        RawTransaction tx =
            RawTransaction.createTransaction(
                chainId,
                BigInteger.valueOf(nonce),
                gasLimit,
                to,
                BigInteger.ZERO,
                org.web3j.utils.Numeric.toHexString(data),
                offer.maxPriorityFeePerGas(),
                offer.maxFeePerGas());
        byte[] signed = TransactionEncoder.signMessage(tx, chainId, key.credentials());
        String hash = org.web3j.utils.Numeric.toHexString(org.web3j.crypto.Hash.sha3(signed));
        journal.sending(nonce, hash, signed);
        nextLocal = nonce + 1;
        try {
          rpc.sendRawTransaction(signed);
          hashes.add(hash);
          sent++;
        } catch (RpcException e) {
          Optional<Receipt> mined = firstReceipt(hashes);
          if (mined.isPresent()) {
            journal.settled(nonce);
            return mined.get();
          }
          String msg = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
          if (e.retryable() || !msg.contains("nonce") || ++resyncs > 3) {
            throw e;
          }
          // Our nonce was taken (another process with this key): start over from the chain.
          journal.settled(nonce);
          nonce = rpc.pendingNonce(key.address());
          hashes.clear();
          offer = fees.initial(rpc.baseFee(), rpc.priorityFee());
          attempt = -1;
          continue;
        }
      }
      Optional<Receipt> r = await(hashes);
      if (r.isPresent()) {
        journal.settled(nonce);
        return r.get();
      }
    }
    throw new TxTimeoutException(
        "no receipt for nonce " + nonce + " of " + key.address() + " after " + hashes);
  }

  /**
   * Resolves the transactions the journal holds as unmined (left by a crash or a timeout): each is
   * re-broadcast and awaited, so its nonce is neither reused nor skipped and its call is not sent a
   * second time. A nonce the chain reports as used by another transaction settles. Called by {@link
   * #send} first; a node calls it at start to finish its last run's work.
   *
   * @return how many pending transactions were resolved
   * @throws TxTimeoutException if one is still not mined after {@code maxAttempts} waits
   */
  public synchronized int recover() throws InterruptedException {
    int resolved = 0;
    for (TxJournal.Pending p : journal.pending()) {
      if (firstReceipt(p.hashes()).isEmpty()) {
        boolean taken = false;
        try {
          rpc.sendRawTransaction(p.lastSigned());
        } catch (RpcException e) {
          // "already known": still in the pool. "nonce too low": mined, ours or another's.
          taken =
              String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("nonce too low")
                  && firstReceipt(p.hashes()).isEmpty();
        }
        if (!taken) {
          Optional<Receipt> r = Optional.empty();
          for (int i = 0; i < maxAttempts && r.isEmpty(); i++) {
            r = await(p.hashes());
          }
          if (r.isEmpty()) {
            throw new TxTimeoutException(
                "pending nonce " + p.nonce() + " of " + key.address() + " still not mined");
          }
        }
      }
      journal.settled(p.nonce());
      nextLocal = Math.max(nextLocal, p.nonce() + 1);
      resolved++;
    }
    return resolved;
  }

  private Optional<Receipt> await(List<String> hashes) throws InterruptedException {
    long waited = 0;
    long timeout = receiptTimeout.toMillis();
    while (true) {
      Optional<Receipt> r = firstReceipt(hashes);
      if (r.isPresent() || waited >= timeout) {
        return r;
      }
      sleeper.sleep(pollInterval);
      waited += pollInterval.toMillis();
    }
  }

  private Optional<Receipt> firstReceipt(List<String> hashes) {
    for (String h : hashes) {
      Optional<Receipt> r = rpc.receipt(h);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }
}

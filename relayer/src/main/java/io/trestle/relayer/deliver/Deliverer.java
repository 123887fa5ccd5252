package io.trestle.relayer.deliver;

import io.trestle.relayer.chain.ChainRpc;
import io.trestle.relayer.chain.LogEntry;
import io.trestle.relayer.chain.Receipt;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers committed batches to one destination gateway: gathers the attestation signatures, calls
 * submitBatch (unless the root is already stored) and then execute for each message not yet
 * executed or failed on chain. Idempotent: running it again, or after another relayer, sends only
 * what is still missing. Not thread-safe; one delivery thread per destination chain.
 */
public final class Deliverer {
  private final ChainRpc rpc;
  private final String gateway;
  private final byte[] committeeId;
  private final SignatureCollector collector;
  private final TxSender sender;
  private final Duration signatureTimeout;

  public Deliverer(
      ChainRpc rpc,
      String gateway,
      byte[] committeeId,
      SignatureCollector collector,
      TxSender sender,
      Duration signatureTimeout) {
    this.rpc = rpc;
    this.gateway = GatewayMessage.normalizeAddress(gateway);
    this.committeeId = committeeId.clone();
    this.collector = collector;
    this.sender = sender;
    this.signatureTimeout = signatureTimeout;
  }

  /** True if the root is stored and no message of the batch is still unknown to the gateway. */
  public boolean isDelivered(Batch batch) {
    return isDelivered(batch, all(batch));
  }

  /**
   * True if the root is stored and none of the messages at indices {@code execute} is still unknown
   * to the gateway (the others are held back, e.g. by the governor).
   */
  public boolean isDelivered(Batch batch, BitSet execute) {
    if (!rootKnown(batch.root())) {
      return false;
    }
    for (int i = execute.nextSetBit(0); i >= 0; i = execute.nextSetBit(i + 1)) {
      if (status(batch.id(i)) == GatewayAbi.Status.UNKNOWN) {
        return false;
      }
    }
    return true;
  }

  /**
   * Delivers what is missing of {@code batch}.
   *
   * @throws DeliveryException if a transaction reverted (e.g. no quorum of signatures)
   * @throws InterruptedException if interrupted while waiting for receipts
   */
  public DeliveryReport deliver(Batch batch) throws InterruptedException {
    return deliver(batch, all(batch));
  }

  private static BitSet all(Batch batch) {
    BitSet b = new BitSet();
    b.set(0, batch.messages().size());
    return b;
  }

  /**
   * Delivers what is missing of {@code batch}: its root (even when {@code execute} is empty) and
   * the messages at indices {@code execute}.
   *
   * @throws DeliveryException if a transaction reverted (e.g. no quorum of signatures)
   * @throws InterruptedException if interrupted while waiting for receipts
   */
  public DeliveryReport deliver(Batch batch, BitSet execute) throws InterruptedException {
    List<Long> gas = new ArrayList<>();
    boolean submitted = false;
    byte[] root = batch.root();
    if (!rootKnown(root)) {
      List<SignatureCollector.Signed> sigs =
          new ArrayList<>(
              collector.collect(batch.attestation(committeeId), gateway, signatureTimeout));
      sigs.sort(Comparator.comparing(SignatureCollector.Signed::signer));
      List<byte[]> ordered = sigs.stream().map(SignatureCollector.Signed::signature).toList();
      Receipt r =
          sender.send(
              gateway, GatewayAbi.submitBatch(batch.epoch(), batch.height(), root, ordered));
      if (!r.success()) {
        throw new DeliveryException("submitBatch reverted in " + r.txHash());
      }
      gas.add(r.gasUsed());
      submitted = true;
    }
    List<String> executed = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<String, String> txHashes = new LinkedHashMap<>();
    for (int i = execute.nextSetBit(0); i >= 0; i = execute.nextSetBit(i + 1)) {
      if (i >= batch.messages().size()) {
        break;
      }
      byte[] id = batch.id(i);
      String hex = GatewayMessage.toHex(id);
      if (status(id) != GatewayAbi.Status.UNKNOWN) {
        skipped.add(hex);
        continue;
      }
      Receipt r = sender.send(gateway, GatewayAbi.execute(batch.messages().get(i), batch.path(i)));
      if (!r.success()) {
        throw new DeliveryException("execute of " + hex + " reverted in " + r.txHash());
      }
      gas.add(r.gasUsed());
      txHashes.put(hex, r.txHash());
      (hasEvent(r, GatewayAbi.MESSAGE_FAILED_TOPIC, id) ? failed : executed).add(hex);
    }
    return new DeliveryReport(
        GatewayMessage.toHex(root), submitted, executed, failed, skipped, gas, txHashes);
  }

  private boolean rootKnown(byte[] root) {
    return GatewayAbi.decodeBatchKnown(rpc.call(gateway, GatewayAbi.batches(root)));
  }

  private GatewayAbi.Status status(byte[] id) {
    return GatewayAbi.decodeStatus(rpc.call(gateway, GatewayAbi.status(id)));
  }

  private boolean hasEvent(Receipt r, byte[] topic, byte[] id) {
    for (LogEntry log : r.logs()) {
      if (log.address().equals(gateway)
          && log.topics().size() >= 2
          && Arrays.equals(GatewayMessage.hex(log.topics().get(0)), topic)
          && Arrays.equals(GatewayMessage.hex(log.topics().get(1)), id)) {
        return true;
      }
    }
    return false;
  }

  /** A delivery transaction that reverted. */
  public static final class DeliveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeliveryException(String message) {
      super(message);
    }
  }
}

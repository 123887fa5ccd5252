package io.trestle.relayer.deliver;

import java.util.List;
import java.util.Map;

/**
 * What one delivery attempt of a batch did.
 *
 * @param root batch root (hex)
 * @param submittedRoot true if this relayer's submitBatch stored the root (false if it was known)
 * @param executed ids executed by this relayer's transactions
 * @param failed ids whose receiver failed (recorded on chain for retry)
 * @param skipped ids already executed or failed before (never sent twice)
 * @param gasUsed gas of this relayer's transactions, submitBatch first
 * @param txHashes id (hex) → hash of the execute transaction, for executed and failed ids
 */
public record DeliveryReport(
    String root,
    boolean submittedRoot,
    List<String> executed,
    List<String> failed,
    List<String> skipped,
    List<Long> gasUsed,
    Map<String, String> txHashes) {
  /** Copies lists. */
  public DeliveryReport {
    executed = List.copyOf(executed);
    failed = List.copyOf(failed);
    skipped = List.copyOf(skipped);
    gasUsed = List.copyOf(gasUsed);
    txHashes = Map.copyOf(txHashes);
  }
}

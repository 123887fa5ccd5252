package io.trestle.relayer.deliver;

import io.trestle.relayer.contracts.Attestation;
import io.trestle.relayer.contracts.Eip712;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SignatureCollector} over keys held in this process: each key signs at once. Used by tests
 * and the single-process devnet; a networked collector replaces it in a committee of machines.
 */
public final class LocalSignatureCollector implements SignatureCollector {
  private final List<EvmKey> keys;

  /**
   * @param keys the members whose signatures are gathered
   */
  public LocalSignatureCollector(List<EvmKey> keys) {
    this.keys = List.copyOf(keys);
  }

  @Override
  public List<Signed> collect(Attestation attestation, String gateway, Duration timeout) {
    byte[] digest = Eip712.batchDigest(attestation, gateway);
    List<Signed> out = new ArrayList<>();
    for (EvmKey k : keys) {
      out.add(new Signed(k.address(), k.signDigest(digest)));
    }
    return out;
  }
}

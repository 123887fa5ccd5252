package io.trestle.consensus.sim;

import io.trestle.canonical.v1.CrossChainMessage;
import java.nio.ByteBuffer;

/** Deterministic cross-chain messages for the simulator. */
public final class Workload {
  private Workload() {}

  public static CrossChainMessage message(long seed, long nonce) {
    byte[] gateway = new byte[20];
    gateway[0] = 0x47;
    byte[] sender = new byte[20];
    sender[19] = (byte) seed;
    byte[] payload = ByteBuffer.allocate(16).putLong(seed).putLong(nonce).array();
    return new CrossChainMessage(1, gateway, nonce, sender, 2, new byte[20], payload);
  }
}

package io.trestle.consensus.core;

import java.util.Objects;

/**
 * A node's identity: its Ed25519 public key. Stable across epochs (unlike signer indices), so
 * {@link Action.Send} and {@link Input.MessageReceived} name peers by it; the transport maps it to
 * the authenticated connection (TLS pinned to the key).
 */
public record PeerId(Hash32 key) {
  public PeerId {
    Objects.requireNonNull(key, "key");
  }

  public static PeerId of(byte[] ed25519Key) {
    return new PeerId(Hash32.of(ed25519Key));
  }

  @Override
  public String toString() {
    return "peer:" + key.shortHex();
  }
}

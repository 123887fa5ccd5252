package io.trestle.consensus.core;

import io.trestle.canonical.v1.CrossChainMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes each message's id ({@code hash(message)}: Keccak-256 of its ABI encoding, about five
 * Keccak permutations for a 200-byte payload) once per node. Ids are remembered under the message's
 * source position (source chain, gateway, nonce) together with the content they were computed from;
 * a later message with the same position and byte-for-byte the same content gets the remembered id
 * (a field comparison, no hashing), anything else is hashed. So {@link #idOf} always equals {@code
 * Hash32.of(message.hash())}: the cache changes the cost, never the answer.
 *
 * <p>Typical use: the mempool computes the id of each observed message; the same messages then
 * arrive again inside proposals (decoded into new objects) and are matched without re-hashing.
 * Bounded: the oldest of {@code capacity} entries is forgotten first. Not thread-safe: one owner
 * (the engine's thread).
 */
public final class MessageIds {
  private record Position(long chain, long nonce, int gatewayHash, byte[] gateway) {
    static Position of(CrossChainMessage m) {
      return new Position(
          m.sourceChainId(), m.nonce(), Arrays.hashCode(m.sourceGateway()), m.sourceGateway());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Position p
          && chain == p.chain
          && nonce == p.nonce
          && gatewayHash == p.gatewayHash
          && Arrays.equals(gateway, p.gateway);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(chain * 31 + nonce) * 31 + gatewayHash;
    }
  }

  private record Known(CrossChainMessage message, Hash32 id) {}

  private final Map<Position, Known> known;
  private long hashed;

  /** Remembers the ids of the last {@code capacity} distinct messages. */
  public MessageIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.known =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Position, Known> eldest) {
            return size() > capacity;
          }
        };
  }

  /** {@code Hash32.of(m.hash())}, hashing only when no identical message was seen recently. */
  public Hash32 idOf(CrossChainMessage m) {
    Position p = Position.of(m);
    Known k = known.get(p);
    if (k != null && sameContent(k.message(), m)) {
      return k.id();
    }
    Hash32 id = Hash32.of(m.hash());
    hashed++;
    known.put(p, new Known(m, id));
    return id;
  }

  /** How many ids were computed by hashing (the rest came from the cache). */
  public long hashed() {
    return hashed;
  }

  /** Field-by-field equality: equal content has equal ABI encoding, hence equal id. */
  static boolean sameContent(CrossChainMessage a, CrossChainMessage b) {
    return a == b
        || (a.sourceChainId() == b.sourceChainId()
            && a.nonce() == b.nonce()
            && a.destChainId() == b.destChainId()
            && Arrays.equals(a.sourceGateway(), b.sourceGateway())
            && Arrays.equals(a.sender(), b.sender())
            && Arrays.equals(a.recipient(), b.recipient())
            && Arrays.equals(a.payload(), b.payload()));
  }
}

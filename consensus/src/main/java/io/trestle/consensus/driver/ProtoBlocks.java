package io.trestle.consensus.driver;

import io.trestle.consensus.core.Block;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The protobuf form of the last few blocks the node put on or took off the wire, so that storing a
 * committed block does not convert its messages to protobuf a second time. Keyed by the {@link
 * Block} instance itself (identity, not block hash): a peer can send the same header with other
 * messages, but the instance the engine commits is the one decoded from (or encoded into) exactly
 * this protobuf, so a hit is always the same content. Thread-safe (the transport thread decodes,
 * the owner thread encodes and commits); bounded, oldest first out.
 */
final class ProtoBlocks {
  private record Ref(Block block) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Ref r && r.block == block;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(block);
    }
  }

  private final Map<Ref, io.trestle.proto.v1.Block> recent;

  ProtoBlocks(int capacity) {
    this.recent =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Ref, io.trestle.proto.v1.Block> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized void put(Block block, io.trestle.proto.v1.Block proto) {
    recent.put(new Ref(block), proto);
  }

  /** The protobuf of {@code block}, converted now if it is not one of the recent ones. */
  io.trestle.proto.v1.Block of(Block block) {
    io.trestle.proto.v1.Block p;
    synchronized (this) {
      p = recent.remove(new Ref(block));
    }
    return p != null ? p : Canonical.toProto(block);
  }
}

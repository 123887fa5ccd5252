package io.trestle.consensus.raft;

import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.TimeoutCertificate;
import io.trestle.consensus.core.Block;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Byte form of {@link RaftSafety}: {@code version:u32 ‖ term:u64 ‖ votedFor:i32 ‖ count:u32} then
 * per entry {@code header ‖ messageCount:u32 ‖ message* ‖ justify ‖ hasTc:u8 [‖ tc]}, each
 * canonical struct as {@code length:u32 ‖ ABI encoding}. Integers big-endian.
 */
final class RaftSafetyCodec {
  private static final int VERSION = 1;
  private static final int MAX_PART = 1 << 24;

  private RaftSafetyCodec() {}

  static byte[] encode(RaftSafety s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ByteBuffer.allocate(20)
            .putInt(VERSION)
            .putLong(s.term())
            .putInt(s.votedFor())
            .putInt(s.entries().size())
            .array());
    for (Block b : s.entries()) {
      part(out, b.header().encode());
      out.writeBytes(ByteBuffer.allocate(4).putInt(b.messages().size()).array());
      for (CrossChainMessage m : b.messages()) {
        part(out, m.encode());
      }
      part(out, b.justify().encode());
      out.write(b.timeoutCertificate().isPresent() ? 1 : 0);
      b.timeoutCertificate().ifPresent(tc -> part(out, tc.encode()));
    }
    return out.toByteArray();
  }

  static RaftSafety decode(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      int version = in.getInt();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown Raft safety record version " + version);
      }
      long term = in.getLong();
      int votedFor = in.getInt();
      int count = in.getInt();
      if (count < 0 || count > in.remaining()) {
        throw new IllegalArgumentException("bad entry count " + count);
      }
      List<Block> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        BlockHeader header = BlockHeader.decode(part(in));
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
          throw new IllegalArgumentException("bad message count " + n);
        }
        List<CrossChainMessage> messages = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
          messages.add(CrossChainMessage.decode(part(in)));
        }
        QuorumCertificate justify = QuorumCertificate.decode(part(in));
        byte hasTc = in.get();
        if (hasTc != 0 && hasTc != 1) {
          throw new IllegalArgumentException("bad timeout certificate flag " + hasTc);
        }
        Optional<TimeoutCertificate> tc =
            hasTc == 1 ? Optional.of(TimeoutCertificate.decode(part(in))) : Optional.empty();
        entries.add(new Block(header, messages, justify, tc));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " trailing bytes");
      }
      return new RaftSafety(term, votedFor, entries);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("Raft safety record truncated", e);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("malformed Raft safety record: " + e.getMessage(), e);
    }
  }

  private static void part(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  private static byte[] part(ByteBuffer in) {
    int len = in.getInt();
    if (len < 0 || len > MAX_PART || len > in.remaining()) {
      throw new IllegalArgumentException("bad part length " + len);
    }
    byte[] b = new byte[len];
    in.get(b);
    return b;
  }
}

package io.trestle.consensus.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.trestle.proto.v1.Block;
import io.trestle.proto.v1.BlockHeader;
import io.trestle.proto.v1.CommittedBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockStoreTest {
  @TempDir Path dir;

  static CommittedBlock block(long height) {
    return CommittedBlock.newBuilder()
        .setBlock(
            Block.newBuilder()
                .setHeader(
                    BlockHeader.newBuilder()
                        .setHeight(height)
                        .setView(height + 2)
                        .setParentHash(ByteString.copyFrom(new byte[32]))))
        .build();
  }

  @Test
  void appendsInHeightOrderAndRebuildsTheIndexOnOpen() throws Exception {
    Path f = dir.resolve("blocks");
    try (BlockStore s = BlockStore.open(f, FileOpener.DEFAULT)) {
      assertEquals(0, s.tipHeight());
      for (long h = 1; h <= 20; h++) {
        s.append(block(h));
      }
      assertThrows(IllegalArgumentException.class, () -> s.append(block(22)));
      assertThrows(IllegalArgumentException.class, () -> s.append(block(20)));
    }
    try (BlockStore s = BlockStore.open(f, FileOpener.DEFAULT)) {
      assertEquals(20, s.tipHeight());
      assertEquals(block(7), s.get(7).orElseThrow());
      assertTrue(s.get(0).isEmpty());
      assertTrue(s.get(21).isEmpty());
      s.append(block(21));
      assertEquals(block(21), s.get(21).orElseThrow());
    }
  }

  @Test
  void unsyncedAppendsAreReadableAtOnceAndOneSyncCoversThemAll() throws Exception {
    Path f = dir.resolve("blocks");
    AtomicInteger mutating = new AtomicInteger();
    FileOpener counting =
        file -> new FaultyFileChannel(FileOpener.DEFAULT.open(file), mutating, -1, 0);
    try (BlockStore s = BlockStore.open(f, counting)) {
      int atOpen = mutating.get();
      for (long h = 1; h <= 3; h++) {
        s.appendUnsynced(block(h));
      }
      int written = mutating.get() - atOpen;
      assertEquals(3, s.unsynced());
      assertEquals(3, s.tipHeight());
      assertEquals(block(2), s.get(2).orElseThrow());
      s.sync();
      assertEquals(0, s.unsynced());
      assertEquals(written + 1, mutating.get() - atOpen); // one fsync for three blocks
      s.sync();
      assertEquals(written + 1, mutating.get() - atOpen); // nothing pending, no fsync
      s.append(block(4));
      assertEquals(0, s.unsynced());
    }
    try (BlockStore s = BlockStore.open(f, FileOpener.DEFAULT)) {
      assertEquals(4, s.tipHeight());
      assertEquals(block(3), s.get(3).orElseThrow());
    }
  }

  @Test
  void aTornLastBlockIsDroppedAndCanBeAppendedAgain() throws Exception {
    Path f = dir.resolve("blocks");
    try (BlockStore s = BlockStore.open(f, FileOpener.DEFAULT)) {
      for (long h = 1; h <= 3; h++) {
        s.append(block(h));
      }
    }
    byte[] all = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(all, all.length - 2));
    try (BlockStore s = BlockStore.open(f, FileOpener.DEFAULT)) {
      assertEquals(2, s.tipHeight());
      s.append(block(3));
      assertEquals(3, s.tipHeight());
    }
  }

  @Test
  void outOfOrderHeightsOnDiskAreCorruption() throws Exception {
    Path f = dir.resolve("blocks");
    try (RecordLog log = RecordLog.open(f, BlockStore.MAX_RECORD, FileOpener.DEFAULT).log()) {
      log.append(block(1).toByteArray());
      log.append(block(3).toByteArray());
      log.sync();
    }
    WalCorruptException e =
        assertThrows(WalCorruptException.class, () -> BlockStore.open(f, FileOpener.DEFAULT));
    assertTrue(e.getMessage().contains("height 3"));
  }
}

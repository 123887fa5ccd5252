package io.trestle.relayer.node;

import io.trestle.relayer.store.DurableFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which committed heights this node has finished delivering, in a {@link DurableFile}: every height
 * up to {@link #floor()} is finished; above it, the finished (height, destination chain) batches
 * and the finished heights are listed. "Finished" means the batch's root and released messages are
 * on the destination gateway (by this node or another) and its held messages are in the governor's
 * durable queue. After a restart the node re-runs every height above the floor and skips the
 * batches listed as finished. Thread-safe; each change is saved before the call returns.
 *
 * <pre>
 * floor &lt;height&gt;
 * done &lt;height&gt; &lt;chain id&gt;
 * height &lt;height&gt;
 * </pre>
 */
final class DeliveryProgress {
  private final Path file;

  /** Unsaved empty heights are saved once the floor moved this far past the saved one. */
  static final long SAVE_EVERY = 1_024;

  private long floor;
  private long savedFloor;
  private final TreeMap<Long, Set<Long>> done = new TreeMap<>();
  private final TreeSet<Long> finished = new TreeSet<>();

  private DeliveryProgress(Path file) {
    this.file = file;
  }

  /** Opens the progress saved in {@code file} (none yet: floor 0). */
  static DeliveryProgress open(Path file) throws IOException {
    DeliveryProgress p = new DeliveryProgress(file);
    Optional<String> body = DurableFile.load(file);
    if (body.isPresent()) {
      for (String line : body.get().split("\n")) {
        String[] f = line.strip().split(" ");
        try {
          switch (f[0]) {
            case "" -> {}
            case "floor" -> p.floor = Long.parseLong(f[1]);
            case "done" ->
                p.done
                    .computeIfAbsent(Long.parseLong(f[1]), h -> new HashSet<>())
                    .add(Long.parseLong(f[2]));
            case "height" -> p.finished.add(Long.parseLong(f[1]));
            default -> throw new IllegalArgumentException(f[0]);
          }
        } catch (RuntimeException e) {
          throw new DurableFile.CorruptStateException(file, "bad line '" + line + "'");
        }
      }
    }
    p.savedFloor = p.floor;
    return p;
  }

  /** Every height up to this one is finished. */
  synchronized long floor() {
    return floor;
  }

  /** True if the batch of {@code height} for {@code chainId} is finished. */
  synchronized boolean isDone(long height, long chainId) {
    return height <= floor
        || finished.contains(height)
        || done.getOrDefault(height, Set.of()).contains(chainId);
  }

  /** Records that the batch of {@code height} for {@code chainId} is finished. */
  synchronized void done(long height, long chainId) {
    if (isDone(height, chainId)) {
      return;
    }
    done.computeIfAbsent(height, h -> new HashSet<>()).add(chainId);
    save();
  }

  /**
   * Records that every batch of {@code height} is finished; advances the floor past it if it can.
   *
   * @param save false for a height that had nothing to deliver: the change is saved with the next
   *     one, or once the floor is {@link #SAVE_EVERY} past the saved one (losing it only makes a
   *     restart look at those empty heights again)
   */
  synchronized void finished(long height, boolean save) {
    if (height <= floor) {
      return;
    }
    finished.add(height);
    while (finished.contains(floor + 1)) {
      floor++;
      finished.remove(floor);
    }
    done.headMap(floor, true).clear();
    if (save || floor - savedFloor >= SAVE_EVERY) {
      save();
    }
  }

  private void save() {
    StringBuilder sb = new StringBuilder("floor ").append(floor).append('\n');
    done.forEach(
        (h, chains) -> {
          for (long c : chains) {
            sb.append("done ").append(h).append(' ').append(c).append('\n');
          }
        });
    for (long h : finished) {
      sb.append("height ").append(h).append('\n');
    }
    try {
      DurableFile.save(file, sb.toString());
      savedFloor = floor;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

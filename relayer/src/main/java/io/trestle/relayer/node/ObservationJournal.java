package io.trestle.relayer.node;

import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.store.DurableFile;
import io.trestle.relayer.watch.Observation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Messages this node's watchers observed and it has not yet seen committed, in a {@link
 * DurableFile}. A watcher's cursor moves past a range once its observations were accepted, so after
 * a restart the watcher never reports them again: the node gives them back to the consensus oracle
 * (so it still votes for blocks that carry them) and to the mempool from here. Saved before {@link
 * #observed} returns, i.e. before the cursor moves. Thread-safe.
 *
 * <pre>
 * obs &lt;chain&gt; &lt;block&gt; &lt;block hash&gt; &lt;tx hash&gt; &lt;log index&gt; &lt;confirmations&gt; &lt;at ms&gt; &lt;message hex&gt;
 * </pre>
 */
final class ObservationJournal {
  private record Entry(long chainId, Observation observation) {}

  private final Path file;
  private final Map<String, Entry> pending = new LinkedHashMap<>();

  private ObservationJournal(Path file) {
    this.file = file;
  }

  static ObservationJournal open(Path file) throws IOException {
    ObservationJournal j = new ObservationJournal(file);
    Optional<String> body = DurableFile.load(file);
    if (body.isPresent()) {
      for (String line : body.get().split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(" ");
        try {
          if (!f[0].equals("obs") || f.length != 9) {
            throw new IllegalArgumentException(f[0]);
          }
          GatewayMessage m = GatewayMessage.decode(GatewayMessage.hex(f[8]));
          String id = GatewayMessage.toHex(m.id());
          j.pending.put(
              id,
              new Entry(
                  Long.parseLong(f[1]),
                  new Observation(
                      m,
                      id,
                      Long.parseLong(f[2]),
                      f[3],
                      f[4],
                      Integer.parseInt(f[5]),
                      Long.parseLong(f[6]),
                      Long.parseLong(f[7]))));
        } catch (RuntimeException e) {
          throw new DurableFile.CorruptStateException(file, "bad line '" + line + "'");
        }
      }
    }
    return j;
  }

  /** What was observed and not seen committed, per source chain, in observation order. */
  synchronized Map<Long, List<Observation>> pending() {
    Map<Long, List<Observation>> out = new LinkedHashMap<>();
    for (Entry e : pending.values()) {
      out.computeIfAbsent(e.chainId(), c -> new ArrayList<>()).add(e.observation());
    }
    return out;
  }

  /** Records {@code observations} of {@code chainId} durably. */
  synchronized void observed(long chainId, List<Observation> observations) {
    boolean changed = false;
    for (Observation o : observations) {
      changed |= pending.putIfAbsent(o.id(), new Entry(chainId, o)) == null;
    }
    if (changed) {
      save();
    }
  }

  /** Forgets the messages with these ids (hex): they are in a committed block. */
  synchronized void committed(List<String> ids) {
    boolean changed = false;
    for (String id : ids) {
      changed |= pending.remove(id) != null;
    }
    if (changed) {
      save();
    }
  }

  private void save() {
    StringBuilder sb = new StringBuilder();
    for (Entry e : pending.values()) {
      Observation o = e.observation();
      sb.append("obs ")
          .append(e.chainId())
          .append(' ')
          .append(o.blockNumber())
          .append(' ')
          .append(o.blockHash())
          .append(' ')
          .append(o.txHash())
          .append(' ')
          .append(o.logIndex())
          .append(' ')
          .append(o.confirmations())
          .append(' ')
          .append(o.observedAtMs())
          .append(' ')
          .append(GatewayMessage.toHex(o.message().encode()))
          .append('\n');
    }
    try {
      DurableFile.save(file, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

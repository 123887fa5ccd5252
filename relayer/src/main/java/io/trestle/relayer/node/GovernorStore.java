package io.trestle.relayer.node;

import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.Batch;
import io.trestle.relayer.governor.Governor;
import io.trestle.relayer.store.DurableFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The governor's durable side: its queue and windows ({@link Governor#encodeState}) and, for each
 * batch with held messages, the whole batch (to rebuild the inclusion paths when a message is
 * released), saved together in one {@link DurableFile} after every change. Thread-safe.
 *
 * <pre>
 * governor &lt;Governor state line&gt;
 * held &lt;dest chain&gt; &lt;epoch&gt; &lt;height&gt; &lt;held indices&gt; &lt;released indices&gt; &lt;message hex&gt;,...
 * </pre>
 *
 * Index lists are comma-separated, {@code -} when empty. A released message stays listed until
 * {@link #delivered} says its delivery finished, so a crash in between delivers it after restart
 * ({@link #releasedPending}).
 */
final class GovernorStore {
  /** Messages of {@code batch} at {@code indices} to deliver now. */
  record Work(Batch batch, BitSet indices) {}

  /** Per batch: indices in the governor's queue, and indices released but not yet delivered. */
  private record Held(Batch batch, BitSet held, BitSet released) {}

  private final Path file;
  private final Governor governor;
  private final Map<String, Held> held = new LinkedHashMap<>();
  private String saved = "";

  private GovernorStore(Path file, Governor governor) {
    this.file = file;
    this.governor = governor;
  }

  /** Loads the state saved in {@code file} into {@code governor} (a fresh one). */
  static GovernorStore open(Path file, Governor governor) throws IOException {
    GovernorStore s = new GovernorStore(file, governor);
    Optional<String> body = DurableFile.load(file);
    if (body.isPresent()) {
      StringBuilder state = new StringBuilder();
      try {
        for (String line : body.get().split("\n")) {
          if (line.startsWith("governor ")) {
            state.append(line.substring(9)).append('\n');
          } else if (line.startsWith("held ")) {
            String[] f = line.split(" ");
            List<GatewayMessage> ms = new ArrayList<>();
            for (String hex : f[6].split(",")) {
              ms.add(GatewayMessage.decode(GatewayMessage.hex(hex)));
            }
            Batch b =
                new Batch(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), ms);
            s.held.put(key(b), new Held(b, bits(f[4]), bits(f[5])));
          } else if (!line.isBlank()) {
            throw new IllegalArgumentException(line);
          }
        }
        governor.restore(state.toString());
      } catch (RuntimeException e) {
        throw new DurableFile.CorruptStateException(file, "bad content: " + e.getMessage());
      }
      s.saved = body.get();
    }
    return s;
  }

  Governor governor() {
    return governor;
  }

  private static BitSet bits(String list) {
    BitSet b = new BitSet();
    if (!list.equals("-")) {
      Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).forEach(b::set);
    }
    return b;
  }

  private static String list(BitSet b) {
    return b.isEmpty() ? "-" : String.join(",", b.stream().mapToObj(Integer::toString).toList());
  }

  /** Work released before a restart and not delivered yet. */
  synchronized List<Work> releasedPending() {
    List<Work> out = new ArrayList<>();
    for (Held h : held.values()) {
      if (!h.released().isEmpty()) {
        out.add(new Work(h.batch(), (BitSet) h.released().clone()));
      }
    }
    return out;
  }

  /** Records that {@code work} was delivered: its messages are forgotten. */
  synchronized void delivered(Work work) throws IOException {
    Held h = held.get(key(work.batch()));
    if (h == null) {
      return;
    }
    h.released().andNot(work.indices());
    if (h.held().isEmpty() && h.released().isEmpty()) {
      held.remove(key(work.batch()));
    }
    save();
  }

  /**
   * True if message {@code index} of {@code batch} is held (queued, or released and undelivered).
   */
  synchronized boolean isHeld(Batch batch, int index) {
    Held h = held.get(key(batch));
    return h != null && (h.held().get(index) || h.released().get(index));
  }

  private static String key(Batch b) {
    return b.destChainId() + "/" + b.height();
  }

  /** Remembers {@code indices} of {@code batch} as held (if any) and saves the governor's state. */
  synchronized void hold(Batch batch, BitSet indices) throws IOException {
    if (!indices.isEmpty()) {
      Held h = held.computeIfAbsent(key(batch), k -> new Held(batch, new BitSet(), new BitSet()));
      h.held().or(indices);
    }
    save();
  }

  /** Removes the messages due at {@code nowMs} from the queue; returns them per batch. */
  synchronized List<Work> releaseDue(long nowMs) throws IOException {
    return take(governor.releaseDue(nowMs));
  }

  /** Admin pause: holds every message from {@code chainId} from now on, durably. */
  synchronized void pause(long chainId) throws IOException {
    governor.pause(chainId);
    save();
  }

  /**
   * Admin resume of {@code chainId}: its paused messages pass the governor again at {@code nowMs};
   * returns the work of those that pass (the others stay queued, delayed by their limit).
   */
  synchronized List<Work> resume(long chainId, long nowMs) throws IOException {
    List<Work> work = take(governor.resume(chainId, nowMs));
    save(); // the paused set changed even when nothing was released
    return work;
  }

  /** Admin release of message {@code id}: its work, if it was held. */
  synchronized List<Work> release(String id) throws IOException {
    return take(governor.release(id).map(List::of).orElse(List.of()));
  }

  private List<Work> take(List<GatewayMessage> released) throws IOException {
    if (released.isEmpty()) {
      return List.of();
    }
    Map<String, Work> out = new LinkedHashMap<>();
    for (GatewayMessage m : released) {
      String id = GatewayMessage.toHex(m.id());
      for (var e : held.entrySet()) {
        Batch b = e.getValue().batch();
        for (int i = 0; i < b.messages().size(); i++) {
          if (e.getValue().held().get(i) && GatewayMessage.toHex(b.id(i)).equals(id)) {
            e.getValue().held().clear(i);
            e.getValue().released().set(i);
            out.computeIfAbsent(e.getKey(), k -> new Work(b, new BitSet())).indices().set(i);
          }
        }
      }
    }
    save();
    return List.copyOf(out.values());
  }

  private void save() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String line : governor.encodeState().split("\n")) {
      if (!line.isEmpty()) {
        sb.append("governor ").append(line).append('\n');
      }
    }
    for (Held h : held.values()) {
      Batch b = h.batch();
      sb.append("held ")
          .append(b.destChainId())
          .append(' ')
          .append(b.epoch())
          .append(' ')
          .append(b.height())
          .append(' ')
          .append(list(h.held()))
          .append(' ')
          .append(list(h.released()))
          .append(' ')
          .append(
              String.join(
                  ",", b.messages().stream().map(m -> GatewayMessage.toHex(m.encode())).toList()))
          .append('\n');
    }
    String body = sb.toString();
    if (!body.equals(saved)) {
      DurableFile.save(file, body);
      saved = body;
    }
  }
}

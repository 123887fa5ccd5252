package io.trestle.relayer.deliver;

import io.trestle.relayer.store.DurableFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A {@link TxJournal} in one {@link DurableFile} per (chain, account), rewritten on every change
 * (it holds a few lines: the next nonce and the unmined transactions). Format:
 *
 * <pre>
 * next &lt;nonce&gt;
 * tx &lt;nonce&gt; &lt;hash&gt;[,&lt;hash&gt;...] &lt;signed hex&gt;
 * </pre>
 */
public final class FileTxJournal implements TxJournal {
  private final Path file;
  private final MemoryTxJournal state = new MemoryTxJournal();

  private FileTxJournal(Path file) {
    this.file = file;
  }

  /**
   * Opens (or starts) the journal in {@code file}.
   *
   * @throws IOException if it cannot be read or is damaged ({@link
   *     DurableFile.CorruptStateException})
   */
  public static FileTxJournal open(Path file) throws IOException {
    FileTxJournal j = new FileTxJournal(file);
    Optional<String> body = DurableFile.load(file);
    if (body.isPresent()) {
      for (String line : body.get().split("\n")) {
        String[] f = line.strip().split(" ");
        try {
          switch (f[0]) {
            case "next" -> j.state.next = Long.parseLong(f[1]);
            case "tx" -> {
              long nonce = Long.parseLong(f[1]);
              j.state.pending.put(
                  nonce,
                  new Pending(
                      nonce, Arrays.asList(f[2].split(",")), HexFormat.of().parseHex(f[3])));
            }
            case "" -> {}
            default -> throw new DurableFile.CorruptStateException(file, "unknown line " + f[0]);
          }
        } catch (RuntimeException e) {
          throw new DurableFile.CorruptStateException(file, "bad line '" + line + "'");
        }
      }
    }
    return j;
  }

  @Override
  public synchronized long nextNonce() {
    return state.nextNonce();
  }

  @Override
  public synchronized List<Pending> pending() {
    return state.pending();
  }

  @Override
  public synchronized void sending(long nonce, String hash, byte[] signed) {
    state.sending(nonce, hash, signed);
    save();
  }

  @Override
  public synchronized void settled(long nonce) {
    if (state.pending.containsKey(nonce)) {
      state.settled(nonce);
      save();
    }
  }

  private void save() {
    StringBuilder sb = new StringBuilder("next ").append(state.next).append('\n');
    for (Pending p : state.pending.values()) {
      sb.append("tx ")
          .append(p.nonce())
          .append(' ')
          .append(String.join(",", p.hashes()))
          .append(' ')
          .append(HexFormat.of().formatHex(p.lastSigned()))
          .append('\n');
    }
    try {
      DurableFile.save(file, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

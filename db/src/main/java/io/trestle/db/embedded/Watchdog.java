package io.trestle.db.embedded;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops the server when this JVM dies without stopping it ({@code kill -9}, OOM killer, crash).
 *
 * <p>A small {@code sh} process blocks reading its stdin, a pipe whose only writer is this JVM.
 * When the JVM exits for any reason the kernel closes the pipe, the read returns, and the watchdog
 * sends the postmaster SIGINT (fast shutdown), waits for it to exit and deletes the ephemeral
 * directory, if any. No polling, no native code: the pipe is the liveness signal. A normal {@link
 * EmbeddedPostgres#close()} ends the watchdog first ({@link #disarm()}).
 */
final class Watchdog {

  private static final String SCRIPT =
      "read -r _ ; kill -INT \"$1\" 2>/dev/null ;"
          + " while kill -0 \"$1\" 2>/dev/null ; do sleep 0.2 ; done ;"
          + " if [ -n \"$2\" ] ; then rm -rf -- \"$2\" ; fi";

  private final Process process;

  private Watchdog(Process process) {
    this.process = process;
  }

  /**
   * Starts a watchdog of the postmaster {@code pid}.
   *
   * @param ephemeralBase directory to delete once the server stopped, or null
   */
  static Watchdog start(long pid, Path ephemeralBase) throws IOException {
    List<String> command = new ArrayList<>(List.of("sh", "-c", SCRIPT, "trestle-pg-watchdog"));
    command.add(Long.toString(pid));
    command.add(ephemeralBase == null ? "" : ephemeralBase.toString());
    Process p =
        new ProcessBuilder(command)
            .redirectInput(Redirect.PIPE)
            .redirectOutput(Redirect.DISCARD)
            .redirectErrorStream(true)
            .start();
    return new Watchdog(p);
  }

  /** Process id of the watchdog (for tests that simulate its loss). */
  long pid() {
    return process.pid();
  }

  /** Ends the watchdog without touching the server (the caller stops it). */
  void disarm() {
    process.destroyForcibly();
    try {
      process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

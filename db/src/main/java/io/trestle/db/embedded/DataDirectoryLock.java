package io.trestle.db.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Ownership of a kept data directory by one JVM, and clean-up of a server a dead owner left behind.
 *
 * <p>The owner holds an OS file lock on {@code <dir>.lock} beside the data directory for as long as
 * its server runs; the kernel releases it when the owner exits, even by {@code kill -9}. So a JVM
 * that gets the lock knows no live owner uses the directory, and a postmaster still named in {@code
 * postmaster.pid} is an orphan: it is stopped (fast shutdown, then SIGKILL of it and its backends)
 * before a new server starts. A JVM that cannot get the lock refuses to start rather than share the
 * directory.
 */
final class DataDirectoryLock implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(DataDirectoryLock.class.getName());
  private static final long STOP_TIMEOUT_MS = 15_000;

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes ownership of {@code dataDir} and stops an orphaned server on it.
   *
   * @throws EmbeddedPostgresException when another live process owns the directory, or an orphan
   *     cannot be stopped
   */
  static DataDirectoryLock acquire(Path dataDir) throws IOException {
    Path file = dataDir.resolveSibling(dataDir.getFileName() + ".lock");
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new EmbeddedPostgresException(
          "embedded PostgreSQL data directory "
              + dataDir
              + " is in use by another running node (it holds "
              + file
              + "); stop that node or set another trestle.db.embedded-data-dir",
          null);
    }
    DataDirectoryLock owned = new DataDirectoryLock(channel, lock);
    try {
      stopOrphan(dataDir);
    } catch (RuntimeException | IOException e) {
      owned.close();
      throw e;
    }
    return owned;
  }

  /** Stops the postmaster named in {@code postmaster.pid} when it still runs on {@code dataDir}. */
  static void stopOrphan(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    long pid;
    try {
      pid = Long.parseLong(lines.getFirst().trim());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Unreadable {0}; PostgreSQL will check it", pidFile);
      return;
    }
    Optional<ProcessHandle> postmaster =
        ProcessHandle.of(pid).filter(p -> runsOn(p.pid(), dataDir));
    if (postmaster.isEmpty()) {
      // Stale: the server died with its owner, or the pid now belongs to another program (which
      // PostgreSQL would mistake for a running postmaster).
      Files.deleteIfExists(pidFile);
      return;
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "Stopping orphaned embedded PostgreSQL (pid {0,number,#}) left on {1} by a node that"
            + " exited without stopping it",
        pid,
        dataDir);
    ProcessHandle p = postmaster.get();
    signal("INT", pid);
    if (!awaitExit(p, STOP_TIMEOUT_MS)) {
      p.descendants().forEach(d -> signal("KILL", d.pid()));
      signal("KILL", pid);
      if (!awaitExit(p, 5_000)) {
        throw new EmbeddedPostgresException(
            "orphaned PostgreSQL pid " + pid + " on " + dataDir + " does not stop; kill it", null);
      }
    }
  }

  /** Whether process {@code pid} is a postgres server on {@code dataDir} (Linux /proc). */
  static boolean runsOn(long pid, Path dataDir) {
    try {
      String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
      List<String> args = List.of(cmdline.split("\0"));
      int d = args.indexOf("-D");
      return !args.isEmpty()
          && args.getFirst().endsWith("postgres")
          && d >= 0
          && d + 1 < args.size()
          && Path.of(args.get(d + 1)).toAbsolutePath().equals(dataDir.toAbsolutePath());
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean awaitExit(ProcessHandle p, long timeoutMs) {
    try {
      p.onExit().get(timeoutMs, TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return !p.isAlive();
    } catch (java.util.concurrent.ExecutionException e) {
      return !p.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    }
  }

  private static void signal(String signal, long pid) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "kill -{0} {1}: {2}", signal, pid, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "releasing data directory lock: {0}", e.getMessage());
    }
  }
}

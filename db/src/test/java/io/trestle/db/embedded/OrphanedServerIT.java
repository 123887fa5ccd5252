package io.trestle.db.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node JVM killed with SIGKILL (no shutdown hook runs) must not leave its PostgreSQL running: the
 * watchdog stops it, and if the watchdog is lost too, the next start on the same data directory
 * stops the orphan first. Each case runs a real child JVM and really kills it.
 */
class OrphanedServerIT {

  @TempDir Path tmp;
  private Process child;

  @AfterEach
  void cleanUp() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  /** {postmaster pid, watchdog pid}, data dir as the child printed them. */
  private record Started(long postgres, long watchdog, Path dataDir) {}

  private Started startChild(String dataDir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                OrphanChild.class.getName(),
                dataDir)
            .redirectErrorStream(true)
            .start();
    var in = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = in.readLine()) != null; ) {
      if (line.startsWith("READY ")) {
        String[] f = line.split(" ", 4);
        return new Started(Long.parseLong(f[1]), Long.parseLong(f[2]), Path.of(f[3]));
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("child JVM exited before its database was ready:\n" + seen);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static boolean exits(long pid, long seconds) throws Exception {
    var h = ProcessHandle.of(pid);
    if (h.isEmpty()) {
      return true;
    }
    try {
      h.get().onExit().get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      return !h.get().isAlive();
    }
    return true;
  }

  private void killChild() throws InterruptedException {
    child.destroyForcibly(); // SIGKILL: no shutdown hook
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void serverAndTemporaryDirectoryDieWithAKilledJvm() throws Exception {
    Started s = startChild("-");
    assertThat(ProcessHandle.of(s.postgres()).map(ProcessHandle::isAlive)).contains(true);
    killChild();
    assertThat(exits(s.postgres(), 20)).as("postgres stopped by the watchdog").isTrue();
    assertThat(exits(s.watchdog(), 10)).isTrue();
    assertThat(s.dataDir().getParent()).doesNotExist();
  }

  @Test
  void orphanOnAKeptDirectoryIsStoppedByTheNextStart() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
    Path dir = tmp.resolve("pgdata");
    Started s = startChild(dir.toString());
    // Lose the watchdog too (as when the whole process group is SIGKILLed), then the JVM.
    ProcessHandle.of(s.watchdog()).ifPresent(ProcessHandle::destroyForcibly);
    assertThat(exits(s.watchdog(), 10)).isTrue();
    killChild();
    Thread.sleep(500);
    assertThat(ProcessHandle.of(s.postgres()).map(ProcessHandle::isAlive))
        .as("postgres orphaned")
        .contains(true);
    assertThat(DataDirectoryLock.runsOn(s.postgres(), dir)).isTrue();

    try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir)) {
      assertThat(exits(s.postgres(), 1)).as("orphan stopped before the new start").isTrue();
      assertThat(pg.pid()).isNotEqualTo(s.postgres());
      try (var c =
              DriverManager.getConnection(pg.jdbcUrl(EmbeddedPostgres.DATABASE), "postgres", "");
          var rs = c.createStatement().executeQuery("select 1")) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @Test
  void aDirectoryInUseByALiveNodeIsRefused() throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
    Path dir = tmp.resolve("shared");
    try (EmbeddedPostgres first = EmbeddedPostgres.start(dir)) {
      assertThatThrownBy(() -> EmbeddedPostgres.start(dir))
          .isInstanceOf(EmbeddedPostgresException.class)
          .hasMessageContaining("in use by another running node")
          .hasMessageContaining("trestle.db.embedded-data-dir");
      assertThat(first.pid()).isPositive();
    }
  }
}

package io.trestle.db.embedded;

import java.nio.file.Path;

/**
 * A JVM that starts an embedded PostgreSQL (ephemeral with {@code -}, else on the given data
 * directory), prints {@code READY <postmaster pid> <watchdog pid> <data dir>} and waits to be
 * killed. Run by {@link OrphanedServerIT}.
 */
public final class OrphanChild {
  private OrphanChild() {}

  public static void main(String[] args) throws InterruptedException {
    EmbeddedPostgres pg = EmbeddedPostgres.start("-".equals(args[0]) ? null : Path.of(args[0]));
    System.out.println(
        "READY " + pg.pid() + " " + pg.watchdogPid() + " " + pg.dataDirectory().toAbsolutePath());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

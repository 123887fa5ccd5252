package io.trestle.verifier.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trestle-verify} as a real process: the jlink image's launcher when {@code -Pjlink} built
 * it in this build (verifier/target/trestle-verify-image), otherwise {@code java -cp} on the test
 * class path. Checks exit codes, output lines and that no stack trace ever reaches the terminal.
 */
class TrestleVerifyIT {
  private static final Path IMAGE_LAUNCHER =
      Path.of("target/trestle-verify-image/bin/trestle-verify");

  @TempDir static Path dir;

  @BeforeAll
  static void samples() throws IOException {
    SampleFiles.write(dir);
  }

  record Run(int exit, String out, String err) {}

  static List<String> command() throws IOException {
    if (Files.isExecutable(IMAGE_LAUNCHER) && imageIsFresh()) {
      return List.of(IMAGE_LAUNCHER.toAbsolutePath().toString());
    }
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        System.getProperty("java.class.path"),
        Main.class.getName());
  }

  /**
   * The image holds the jar of this build (not one left over from an earlier -Pjlink build): it is
   * no older than any compiled class (a directory's own time does not change with its subtree).
   */
  private static boolean imageIsFresh() throws IOException {
    Path imageJar = Path.of("target/trestle-verify-image/lib/app/trestle-verifier.jar");
    if (!Files.exists(imageJar)) {
      return false;
    }
    FileTime image = Files.getLastModifiedTime(imageJar);
    try (Stream<Path> classes = Files.walk(Path.of("target/classes"))) {
      return classes
          .filter(Files::isRegularFile)
          .allMatch(c -> lastModified(c).compareTo(image) <= 0);
    }
  }

  private static FileTime lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Run run(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(command());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "trestle-verify did not exit");
    assertFalse(err.contains("\tat ") || err.contains("Exception in thread"), err);
    return new Run(p.exitValue(), out, err);
  }

  @Test
  void help() throws Exception {
    Run r = run("", "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("usage: trestle-verify"), r.out());
  }

  @Test
  void validAndInvalidProof() throws Exception {
    String committee = dir.resolve("committee.json").toString();
    Run ok = run("", "proof", dir.resolve("proof.bin").toString(), "--committee", committee);
    assertEquals(0, ok.exit(), ok.toString());
    assertTrue(ok.out().startsWith("valid: message "), ok.out());
    Run bad =
        run("", "proof", dir.resolve("invalid-proof.bin").toString(), "--committee", committee);
    assertEquals(1, bad.exit(), bad.toString());
    assertEquals(
        "invalid: CERTIFICATE: commit QC INVALID_SIGNATURE: signature of signer 44 does not verify\n",
        bad.out());
  }

  @Test
  void badInputIsOneLine() throws Exception {
    Run r = run("", "proof", dir.resolve("nope.bin").toString(), "--committee", "x.json");
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void ed25519BatchFromStdin() throws Exception {
    Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(new byte[32]);
    HexFormat hex = HexFormat.of();
    String pk = hex.formatHex(kp.publicKey());
    String line = pk + " 0102 " + hex.formatHex(kp.sign(new byte[] {1, 2}));
    Run r = run(line + "\n" + line.replace(" 0102 ", " 0103 ") + "\n", "ed25519", "batch");
    assertEquals(new Run(1, "ok\ninvalid\nbatch invalid\n", ""), r);
  }

  @Test
  void keygenFileIsPrivate() throws Exception {
    Path key = dir.resolve("it.key");
    Run r = run("", "keygen", "--out", key.toString());
    assertEquals(0, r.exit(), r.toString());
    assertEquals(64, r.out().strip().length());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
  }
}

package io.trestle.verifier.cli;

import static io.trestle.verifier.cli.CliFixture.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.verifier.cli.CliFixture.Result;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private static final HexFormat HEX = HexFormat.of();
  private final Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(new byte[32]);
  private final byte[] msg = "trestle".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private final String pk = HEX.formatHex(kp.publicKey());
  private final String sig = HEX.formatHex(kp.sign(msg));

  /** Bad input: exit 2 and exactly one line on stderr, no stack trace. */
  static void assertBadInput(Result r) {
    assertEquals(2, r.exit(), r.toString());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("trestle-verify: "), r.err());
    assertTrue(!r.err().contains("\tat "), r.err());
  }

  @Test
  void helpAndUsage() {
    Result help = run("", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("proof <file> --committee <file>"));
    assertTrue(help.out().contains("ed25519 batch"));
    assertBadInput(run(""));
    assertBadInput(run("", "frobnicate"));
    assertBadInput(run("", "ed25519"));
    assertBadInput(run("", "ed25519", "sign"));
  }

  @Test
  void ed25519Verify() {
    Result ok = run("", "ed25519", "verify", "--pk", pk, "--msg", HEX.formatHex(msg), "--sig", sig);
    assertEquals(new Result(0, "ok\n", ""), ok);
    Result bad =
        run("", "ed25519", "verify", "--pk", pk, "--msg=00" + HEX.formatHex(msg), "--sig", sig);
    assertEquals(new Result(1, "invalid\n", ""), bad);
    assertEquals(1, run("", "ed25519", "verify", "--pk", "00", "--msg", "", "--sig", sig).exit());
    assertBadInput(run("", "ed25519", "verify", "--pk", "zz", "--msg", "00", "--sig", sig));
    assertBadInput(run("", "ed25519", "verify", "--pk", pk, "--msg", "00"));
    assertBadInput(run("", "ed25519", "verify", "--pk", pk, "--pk", pk, "--msg", "", "--sig", sig));
    assertBadInput(run("", "ed25519", "verify", "--pk"));
    assertBadInput(run("", "ed25519", "verify", "--bogus", "1"));
  }

  @Test
  void ed25519Batch() {
    String m2 = HEX.formatHex(kp.sign(new byte[0]));
    String in =
        "# comment\n"
            + pk
            + " "
            + HEX.formatHex(msg)
            + " "
            + sig
            + "\n"
            + "\n"
            + pk
            + " 00 "
            + sig
            + "\n"
            + "0x"
            + pk
            + " - "
            + m2
            + "\n"
            + pk
            + " 00 00\n";
    Result r = run(in, "ed25519", "batch");
    assertEquals(new Result(1, "ok\ninvalid\nok\ninvalid\nbatch invalid\n", ""), r);
    Result all = run(pk + " - " + m2 + "\n", "ed25519", "batch");
    assertEquals(new Result(0, "ok\nbatch ok\n", ""), all);
    assertBadInput(run(pk + " 00\n", "ed25519", "batch"));
    assertBadInput(run(pk + " xyz " + sig + "\n", "ed25519", "batch"));
  }

  @Test
  void keygenWritesAPrivateKeyFile(@TempDir Path dir) throws Exception {
    Path key = dir.resolve("relayer.key");
    Result r = run("", "keygen", "--out", key.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    byte[] der = Files.readAllBytes(key);
    byte[] pub = HEX.parseHex(r.out().strip());
    assertArrayEquals(pub, Ed25519KeyPair.decodePkcs8(der).publicKey());
    // Interoperable with the JDK's provider.
    KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    assertBadInput(run("", "keygen", "--out", key.toString())); // never overwrites
    assertBadInput(run("", "keygen", "--out", dir.resolve("no/such/dir/k").toString()));
    assertBadInput(run("", "keygen"));
  }
}

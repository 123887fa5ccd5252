package io.trestle.verifier.cli;

import io.trestle.verifier.ed25519.BatchVerdict;
import io.trestle.verifier.ed25519.Ed25519;
import io.trestle.verifier.ed25519.Ed25519BatchVerifier;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import io.trestle.verifier.ed25519.SignedMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * {@code ed25519 verify}, {@code ed25519 batch} and {@code keygen}. Their input and output formats
 * are a stable interface for cross-implementation testing (verifier/README.md, "CLI").
 */
final class Ed25519Commands {
  private static final int MAX_BATCH_LINES = 1 << 20;

  private Ed25519Commands() {}

  /** Exit 0 if the signature is valid, 1 if not (including wrong lengths), 2 on non-hex input. */
  static int verify(List<String> argv, PrintStream out) throws BadInputException {
    Args a = Args.parse(argv, Set.of("pk", "msg", "sig"));
    a.expectPositionals(0, "trestle-verify ed25519 verify --pk HEX --msg HEX --sig HEX");
    byte[] pk = Args.hex(a.required("pk"), "--pk");
    byte[] msg = Args.hex(a.required("msg"), "--msg");
    byte[] sig = Args.hex(a.required("sig"), "--sig");
    boolean ok = pk.length == 32 && sig.length == 64 && Ed25519.verify(pk, msg, sig);
    out.println(ok ? "ok" : "invalid");
    return ok ? Main.EXIT_VALID : Main.EXIT_INVALID;
  }

  /**
   * Reads {@code pk msg sig} hex lines (msg may be {@code -} for the empty message; blank lines and
   * lines starting with {@code #} are skipped), prints {@code ok} or {@code invalid} per line, then
   * {@code batch ok} or {@code batch invalid}. Exit 0 if all are valid, 1 otherwise; 2 and no
   * verdicts if any line is malformed.
   */
  static int batch(List<String> argv, InputStream in, PrintStream out) throws BadInputException {
    Args a = Args.parse(argv, Set.of());
    a.expectPositionals(0, "trestle-verify ed25519 batch < lines of 'pk msg sig' (hex)");
    List<SignedMessage> items = new ArrayList<>();
    List<Boolean> wellFormed = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        if (items.size() >= MAX_BATCH_LINES) {
          throw new BadInputException("more than " + MAX_BATCH_LINES + " lines");
        }
        String[] f = t.split("\\s+");
        if (f.length != 3) {
          throw new BadInputException("line " + lineNo + ": expected 'pk msg sig' in hex");
        }
        byte[] pk = Args.hex(f[0], "line " + lineNo + " pk");
        byte[] msg = f[1].equals("-") ? new byte[0] : Args.hex(f[1], "line " + lineNo + " msg");
        byte[] sig = Args.hex(f[2], "line " + lineNo + " sig");
        wellFormed.add(pk.length == 32 && sig.length == 64);
        items.add(new SignedMessage(pk, msg, sig));
      }
    } catch (IOException e) {
      throw new BadInputException("cannot read standard input: " + e.getMessage(), e);
    }
    // Wrong-length keys or signatures are invalid, not bad input: give the batch well-formed
    // placeholders for them and mark them invalid afterwards.
    List<SignedMessage> batch = new ArrayList<>(items.size());
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (wellFormed.get(i)) {
        positions.add(i);
        batch.add(items.get(i));
      }
    }
    BatchVerdict verdict = new Ed25519BatchVerifier().verify(batch);
    boolean[] valid = new boolean[items.size()];
    for (int k = 0; k < positions.size(); k++) {
      valid[positions.get(k)] = !verdict.invalid().get(k);
    }
    boolean all = true;
    for (boolean v : valid) {
      out.println(v ? "ok" : "invalid");
      all &= v;
    }
    out.println(all ? "batch ok" : "batch invalid");
    return all ? Main.EXIT_VALID : Main.EXIT_INVALID;
  }

  /**
   * Generates a key pair, writes its PKCS#8 encoding (RFC 8410, readable by the JDK's {@code
   * KeyFactory("Ed25519")}) to a new file created with permissions {@code rw-------}, and prints
   * the public key in hex. Refuses to overwrite an existing file.
   */
  static int keygen(List<String> argv, PrintStream out) throws BadInputException {
    Args a = Args.parse(argv, Set.of("out"));
    a.expectPositionals(0, "trestle-verify keygen --out FILE");
    Path file = Path.of(a.required("out"));
    Ed25519KeyPair kp = Ed25519KeyPair.generate(new SecureRandom());
    byte[] der = kp.encodePkcs8();
    try {
      Files.write(
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          der);
    } catch (FileAlreadyExistsException e) {
      throw new BadInputException(file + " already exists; not overwriting a key file", e);
    } catch (UnsupportedOperationException e) {
      throw new BadInputException(
          file + ": the file system cannot restrict permissions to rw-------", e);
    } catch (IOException e) {
      throw new BadInputException("cannot write " + file + ": " + e.getMessage(), e);
    }
    out.println(HexFormat.of().formatHex(kp.publicKey()));
    return Main.EXIT_VALID;
  }
}

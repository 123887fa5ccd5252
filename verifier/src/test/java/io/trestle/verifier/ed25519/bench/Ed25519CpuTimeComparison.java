package io.trestle.verifier.ed25519.bench;

import io.trestle.verifier.ed25519.Ed25519;
import io.trestle.verifier.ed25519.Ed25519BatchVerifier;
import io.trestle.verifier.ed25519.SignedMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * A companion to the JMH benchmarks for a machine shared with other jobs: it measures the
 * implementations in short interleaved rounds (ours, BouncyCastle, ours, BouncyCastle, ...) with
 * the thread's CPU time rather than wall time, so that load from other processes affects both sides
 * of each ratio alike, and prints median microseconds per signature and median ratios. The JDK is
 * left out (it is an order of magnitude slower; JMH measures it).
 *
 * <p>Run: {@code java -cp <test classpath>
 * io.trestle.verifier.ed25519.bench.Ed25519CpuTimeComparison [rounds]}
 */
public final class Ed25519CpuTimeComparison {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Ed25519CpuTimeComparison() {}

  public static void main(String[] args) throws GeneralSecurityException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Corpus c = new Corpus();
    Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new SecureRandom());
    int[] index = {0};
    BooleanSupplier ours =
        () -> {
          int i = index[0]++ & (Corpus.SIZE - 1);
          return Ed25519.verify(c.publicKeys[i], c.messages[i], c.signatures[i]);
        };
    BooleanSupplier bc = () -> c.bouncyCastleVerify(index[0]++ & (Corpus.SIZE - 1));
    BooleanSupplier sign =
        () -> c.pairs[0].sign(c.messages[index[0]++ & (Corpus.SIZE - 1)]).length == 64;
    BooleanSupplier bcSign =
        () -> {
          byte[] m = c.messages[index[0]++ & (Corpus.SIZE - 1)];
          byte[] sig = new byte[64];
          org.bouncycastle.math.ec.rfc8032.Ed25519.sign(
              c.pairs[0].seed(), 0, m, 0, m.length, sig, 0);
          return true;
        };
    List<SignedMessage> all = new ArrayList<>();
    for (int i = 0; i < Corpus.SIZE; i++) {
      all.add(new SignedMessage(c.publicKeys[i], c.messages[i], c.signatures[i]));
    }
    for (int warm = 0; warm < 5; warm++) { // let C2 compile every path before measuring
      measure(ours, 2000);
      measure(bc, 2000);
      measure(sign, 2000);
      measure(bcSign, 2000);
      measure(() -> verifier.verify(all.subList(0, 7)).allValid(), 200);
      measure(() -> verifier.verify(all).allValid(), 8);
    }
    report("verify", rounds, 200, 1, ours, bc);
    byte[][] coldKeys = new byte[2048][];
    byte[][] coldSignatures = new byte[2048][];
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    for (int i = 0; i < coldKeys.length; i++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      io.trestle.verifier.ed25519.Ed25519KeyPair pair =
          io.trestle.verifier.ed25519.Ed25519KeyPair.fromSeed(seed);
      coldKeys[i] = pair.publicKey();
      coldSignatures[i] = pair.sign(c.messages[0]);
    }
    BooleanSupplier cold =
        () -> {
          int i = index[0]++ & (coldKeys.length - 1);
          return Ed25519.verify(coldKeys[i], c.messages[0], coldSignatures[i]);
        };
    measure(cold, 4000);
    report("verify, key not in our cache", rounds, 200, 1, cold, bc);
    report("sign", rounds, 200, 1, sign, bcSign);
    for (int n : new int[] {3, 7, 64, 67, 96, 128, 256}) {
      List<SignedMessage> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(new SignedMessage(c.publicKeys[i], c.messages[i], c.signatures[i]));
      }
      int reps = Math.max(1, 600 / n);
      report(
          "batch " + n + " vs one-by-one ours",
          rounds,
          reps,
          n,
          () -> verifier.verify(batch).allValid(),
          () -> oneByOne(ours, n));
      report(
          "batch " + n + " vs one-by-one BC",
          rounds,
          reps,
          n,
          () -> verifier.verify(batch).allValid(),
          () -> oneByOne(bc, n));
    }
    // A committee's traffic: many signatures under few keys (the consensus driver's pre-verifier
    // batches the votes, QCs and TCs of 4 or 7 members). Terms under one key are combined, so each
    // signature costs its R and its z_i, and each key one term per batch.
    for (int members : new int[] {4, 7, 16}) {
      for (int n : new int[] {64, 256}) {
        List<SignedMessage> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int k = i % members;
          byte[] m = c.messages[i & (Corpus.SIZE - 1)];
          batch.add(new SignedMessage(c.publicKeys[k], m, c.pairs[k].sign(m)));
        }
        BooleanSupplier singles =
            () -> {
              boolean valid = true;
              for (SignedMessage s : batch) {
                valid &= Ed25519.verify(s.publicKey(), s.message(), s.signature());
              }
              return valid;
            };
        report(
            "batch " + n + ", " + members + " keys, vs ours",
            rounds,
            Math.max(1, 600 / n),
            n,
            () -> verifier.verify(batch).allValid(),
            singles);
      }
    }
    // Last, once every path has settled: BouncyCastle given its own decoded key (PublicPoint), the
    // fair counterpart of ours verifying under a key it has seen; then the plain API again.
    BooleanSupplier bcKnownKey = () -> c.bouncyCastleVerifyKnownKey(index[0]++ & (Corpus.SIZE - 1));
    measure(bcKnownKey, 4000);
    report("verify vs BC with PublicPoint", rounds, 200, 1, ours, bcKnownKey);
    report("verify vs BC (again)", rounds, 200, 1, ours, bc);
  }

  private static boolean oneByOne(BooleanSupplier op, int n) {
    boolean all = true;
    for (int i = 0; i < n; i++) {
      all &= op.getAsBoolean();
    }
    return all;
  }

  /** Interleaves a and b; prints median CPU microseconds per signature and the median ratio. */
  private static void report(
      String what, int rounds, int reps, int perOp, BooleanSupplier a, BooleanSupplier b) {
    double[] ta = new double[rounds];
    double[] tb = new double[rounds];
    double[] ratio = new double[rounds];
    for (int r = -1; r < rounds; r++) {
      double x = measure(a, reps) / perOp;
      double y = measure(b, reps) / perOp;
      if (r >= 0) {
        ta[r] = x;
        tb[r] = y;
        ratio[r] = y / x;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-34s first %8.1f us/sig  second %8.1f us/sig  second/first %5.2f%n",
        what,
        median(ta),
        median(tb),
        median(ratio));
  }

  private static double measure(BooleanSupplier op, int reps) {
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < reps; i++) {
      if (!op.getAsBoolean()) {
        throw new IllegalStateException("a valid signature failed");
      }
    }
    return (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / reps;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}

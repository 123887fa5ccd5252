package io.trestle.verifier.ed25519.bench;

import io.trestle.verifier.ed25519.Ed25519;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single verification and signing: ours against BouncyCastle's
 * (org.bouncycastle.math.ec.rfc8032.Ed25519) and the JDK's (Signature "Ed25519"), cycling over the
 * same 256 keys, 100-byte messages and signatures ({@link Corpus}). Microseconds per operation.
 *
 * <p>Run: {@code ./mvnw -B -pl verifier -am -Pbench test-compile exec:exec -Dbench=Ed25519
 * -Dbench.args="-f 1 -wi 2 -i 3 -w 1s -r 1s -t 1"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Ed25519Benchmark {
  private Corpus corpus;
  private PrivateKey jdkPrivateKey;
  private int next;

  @Setup
  public void setUp() throws GeneralSecurityException {
    corpus = new Corpus();
    jdkPrivateKey =
        KeyFactory.getInstance("Ed25519")
            .generatePrivate(new PKCS8EncodedKeySpec(corpus.pairs[0].encodePkcs8()));
  }

  private int nextIndex() {
    next = (next + 1) & (Corpus.SIZE - 1);
    return next;
  }

  @Benchmark
  public boolean verifyOurs() {
    int i = nextIndex();
    return Ed25519.verify(corpus.publicKeys[i], corpus.messages[i], corpus.signatures[i]);
  }

  /**
   * 2,048 keys, twice what our cache of validated keys holds: every verification decodes and checks
   * its key afresh, as for a key never seen before.
   */
  @State(Scope.Benchmark)
  public static class ColdKeys {
    final byte[][] publicKeys = new byte[2048][];
    final byte[][] signatures = new byte[2048][];
    final byte[] message = new byte[100];
    int next;

    @Setup
    public void setUp() {
      java.util.SplittableRandom random = new java.util.SplittableRandom(7);
      random.nextBytes(message);
      for (int i = 0; i < publicKeys.length; i++) {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        io.trestle.verifier.ed25519.Ed25519KeyPair pair =
            io.trestle.verifier.ed25519.Ed25519KeyPair.fromSeed(seed);
        publicKeys[i] = pair.publicKey();
        signatures[i] = pair.sign(message);
      }
    }
  }

  @Benchmark
  public boolean verifyOursColdKey(ColdKeys cold) {
    int i = cold.next;
    cold.next = (i + 1) & (cold.publicKeys.length - 1);
    return Ed25519.verify(cold.publicKeys[i], cold.message, cold.signatures[i]);
  }

  @Benchmark
  public boolean verifyBouncyCastle() {
    return corpus.bouncyCastleVerify(nextIndex());
  }

  @Benchmark
  public boolean verifyJdk() throws GeneralSecurityException {
    return corpus.jdkVerify(nextIndex());
  }

  @Benchmark
  public byte[] signOurs() {
    return corpus.pairs[0].sign(corpus.messages[nextIndex()]);
  }

  @Benchmark
  public byte[] signBouncyCastle() {
    byte[] m = corpus.messages[nextIndex()];
    byte[] sig = new byte[64];
    byte[] seed = corpus.pairs[0].seed();
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, m, 0, m.length, sig, 0);
    return sig;
  }

  @Benchmark
  public byte[] signJdk() throws GeneralSecurityException {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(jdkPrivateKey);
    s.update(corpus.messages[nextIndex()]);
    return s.sign();
  }
}

package io.trestle.verifier.ed25519.bench;

import io.trestle.verifier.ed25519.Ed25519;
import io.trestle.verifier.ed25519.Ed25519BatchVerifier;
import io.trestle.verifier.ed25519.SignedMessage;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying a batch of n valid signatures by n distinct keys ({@link Corpus}): our batch verifier,
 * and one by one with ours, BouncyCastle's and the JDK's (neither library offers batch
 * verification). Microseconds per batch; divide by n for the cost per signature.
 *
 * <p>Run: see {@link Ed25519Benchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Ed25519BatchBenchmark {
  @Param({"3", "7", "67", "256"})
  public int n;

  private Corpus corpus;
  private List<SignedMessage> batch;
  private Ed25519BatchVerifier verifier;

  @Setup
  public void setUp() throws GeneralSecurityException {
    corpus = new Corpus();
    batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(new SignedMessage(corpus.publicKeys[i], corpus.messages[i], corpus.signatures[i]));
    }
    verifier = new Ed25519BatchVerifier(new SecureRandom());
  }

  @Benchmark
  public boolean batchOurs() {
    return verifier.verify(batch).allValid();
  }

  @Benchmark
  public boolean oneByOneOurs() {
    boolean all = true;
    for (int i = 0; i < n; i++) {
      all &= Ed25519.verify(corpus.publicKeys[i], corpus.messages[i], corpus.signatures[i]);
    }
    return all;
  }

  @Benchmark
  public boolean oneByOneBouncyCastle() {
    boolean all = true;
    for (int i = 0; i < n; i++) {
      all &= corpus.bouncyCastleVerify(i);
    }
    return all;
  }

  @Benchmark
  public boolean oneByOneJdk() throws GeneralSecurityException {
    boolean all = true;
    for (int i = 0; i < n; i++) {
      all &= corpus.jdkVerify(i);
    }
    return all;
  }
}

package io.trestle.verifier.merkle.bench;

import io.trestle.abi.runtime.Keccak256;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Keccak-256 throughput, ours vs BouncyCastle's {@code KeccakDigest(256)} on the same inputs: 64
 * bytes (a Merkle node / domain-separated hash), 320 bytes (a typical ABI-encoded header) and 4
 * KiB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Keccak256Benchmark {
  @Param({"64", "320", "4096"})
  int size;

  byte[] input;
  final byte[] out = new byte[32];

  @Setup
  public void setUp() {
    input = new byte[size];
    new SplittableRandom(size).nextBytes(input);
  }

  @Benchmark
  public byte[] trestle() {
    return Keccak256.hash(input);
  }

  @Benchmark
  public byte[] bouncyCastle() {
    KeccakDigest d = new KeccakDigest(256);
    d.update(input, 0, input.length);
    d.doFinal(out, 0);
    return out;
  }
}

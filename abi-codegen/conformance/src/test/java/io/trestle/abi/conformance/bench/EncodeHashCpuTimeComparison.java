package io.trestle.abi.conformance.bench;

import io.trestle.abi.runtime.Keccak256;
import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * A companion to {@link CanonicalEncodingBenchmark} for a machine shared with other jobs: the same
 * operations (generated {@code hash()} = encode + keccak, the keccak-256 of the same bytes alone,
 * ours and BouncyCastle's, generated and web3j encoding) run in short interleaved rounds timed with
 * the thread's CPU time, so that load from other processes affects both sides of each ratio alike.
 * Prints median nanoseconds per operation and median same-round ratios.
 *
 * <p>Run: {@code java -cp <test classpath>
 * io.trestle.abi.conformance.bench.EncodeHashCpuTimeComparison [rounds, default 51]}
 */
public final class EncodeHashCpuTimeComparison {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int REPS = 2000;
  private static volatile int sink;

  private EncodeHashCpuTimeComparison() {}

  /** One measured operation; {@code reps} calls per round. */
  private record Op(String name, Supplier<byte[]> body, int reps) {
    Op(String name, Supplier<byte[]> body) {
      this(name, body, REPS);
    }
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 51;
    CanonicalEncodingBenchmark b = new CanonicalEncodingBenchmark();
    b.setup(); // the JMH benchmark's values (and its check that web3j agrees)
    CrossChainMessage message = b.message();
    BlockHeader header = b.header();
    // A whole unprinted pass first: on this machine the first pass of a fresh JVM ran every
    // operation 2-10x slower (heap sizing and JIT still settling), which skewed its ratios.
    for (boolean print : new boolean[] {false, true}) {
      compare(
          print,
          "CrossChainMessage (7 fields, 256-byte payload)",
          rounds,
          List.of(message::encode, message::hash, b::messageEncodeWeb3j, b::web3jMessageHash),
          concat(tag(CrossChainMessage.DOMAIN_TAG), message.encode()));
      compare(
          print,
          "BlockHeader (10 static fields)",
          rounds,
          List.of(header::encode, header::hash, b::headerEncodeWeb3j, b::web3jHeaderHash),
          concat(tag(BlockHeader.DOMAIN_TAG), header.encode()));
    }
  }

  /**
   * @param impls generated encode, generated hash, web3j encode, web3j encode + BouncyCastle keccak
   */
  private static void compare(
      boolean print, String what, int rounds, List<Supplier<byte[]>> impls, byte[] preimage) {
    Supplier<byte[]> encode = impls.get(0);
    if (!Arrays.equals(impls.get(1).get(), new Keccak.Digest256().digest(preimage))) {
      throw new IllegalStateException("hash() is not the keccak of the preimage");
    }
    List<Op> ops =
        List.of(
            new Op("keccak alone, ours", () -> Keccak256.hash(preimage)),
            new Op("keccak alone, BouncyCastle", () -> new Keccak.Digest256().digest(preimage)),
            new Op("hash() = encode + keccak (ours)", impls.get(1)),
            new Op(
                "encode + keccak (BouncyCastle)",
                () -> {
                  Keccak.Digest256 d = new Keccak.Digest256();
                  d.update(preimage, 0, 32); // the constant tag hash
                  return d.digest(encode.get());
                }),
            new Op("encode alone", encode),
            new Op("web3j encode alone", impls.get(2), REPS / 20),
            new Op("web3j encode + keccak (BouncyCastle)", impls.get(3), REPS / 20));
    for (int warm = 0; warm < 10; warm++) { // let C2 compile every path before measuring
      ops.forEach(op -> measure(op, op.reps()));
    }
    double[][] ns = new double[ops.size()][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < ops.size(); i++) {
        ns[i][round] = measure(ops.get(i), ops.get(i).reps());
      }
    }
    if (!print) {
      return;
    }
    System.out.printf(Locale.ROOT, "%s, %d preimage bytes:%n", what, preimage.length);
    for (int i = 0; i < ops.size(); i++) {
      System.out.printf(
          Locale.ROOT,
          "  %-38s %8.0f ns/op (%,.0f/s)%n",
          ops.get(i).name(),
          median(ns[i]),
          1e9 / median(ns[i]));
    }
    ratio("hash() / keccak alone ours", ns[2], ns[0]);
    ratio("hash() / keccak alone BouncyCastle", ns[2], ns[1]);
    ratio("BouncyCastle keccak / ours", ns[1], ns[0]);
    ratio("encode / keccak alone ours", ns[4], ns[0]);
    ratio("web3j encode / generated encode", ns[5], ns[4]);
    ratio("web3j encode+keccak / hash()", ns[6], ns[2]);
  }

  private static void ratio(String what, double[] a, double[] b) {
    double[] q = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      q[i] = a[i] / b[i];
    }
    double[] s = q.clone();
    Arrays.sort(s);
    System.out.printf(
        Locale.ROOT,
        "  %-38s median %.3f (rounds: min %.3f, max %.3f)%n",
        what,
        median(q),
        s[0],
        s[s.length - 1]);
  }

  /** CPU nanoseconds per operation over {@code reps} calls. */
  private static double measure(Op op, int reps) {
    int acc = 0;
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < reps; i++) {
      acc += op.body().get()[0];
    }
    long cpu = THREADS.getCurrentThreadCpuTime() - start;
    sink += acc;
    return (double) cpu / reps;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static byte[] tag(String domainTag) {
    return Keccak256.hash(domainTag.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package io.trestle.abi.conformance.bench;

import io.trestle.abi.runtime.Keccak256;
import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.CrossChainMessage;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jcajce.provider.digest.Keccak;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.utils.Numeric;

/**
 * Encode alone and encode + keccak-256 of CrossChainMessage (7 fields, 256-byte payload) and
 * BlockHeader: generated code vs web3j's encoder (web3j values built once in setup, so only its
 * encoding is timed) vs the keccak of the same bytes alone (BouncyCastle and ours). On a loaded
 * machine read the ratios from {@link EncodeHashCpuTimeComparison}, which runs these methods
 * interleaved and timed by thread CPU time.
 *
 * <p>{@code ./mvnw -B -pl abi-codegen/conformance -am -Pbench test-compile exec:exec
 * -Dbench=CanonicalEncoding}
 */
@State(Scope.Thread)
@SuppressWarnings("rawtypes")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CanonicalEncodingBenchmark {
  private CrossChainMessage message;
  private BlockHeader header;
  private List<Type> web3jMessage;
  private List<Type> web3jHeader;
  private byte[] messageTag;
  private byte[] headerTag;
  private byte[] messagePreimage;
  private byte[] headerPreimage;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(1);
    message =
        new CrossChainMessage(
            31337, bytes(r, 20), 42, bytes(r, 20), 31338, bytes(r, 20), bytes(r, 256));
    header =
        new BlockHeader(bytes(r, 32), 3, 1000, 1001, bytes(r, 32), 1000, bytes(r, 32), 17, 2, 1);
    web3jMessage =
        List.of(
            new DynamicStruct(
                new Uint64(message.sourceChainId()),
                new Address(new BigInteger(1, message.sourceGateway())),
                new Uint64(message.nonce()),
                new Address(new BigInteger(1, message.sender())),
                new Uint64(message.destChainId()),
                new Address(new BigInteger(1, message.recipient())),
                new DynamicBytes(message.payload())));
    web3jHeader =
        List.of(
            new StaticStruct(
                new Bytes32(header.committeeId()),
                new Uint64(header.epoch()),
                new Uint64(header.height()),
                new Uint64(header.view()),
                new Bytes32(header.parentHash()),
                new Uint64(header.justifyView()),
                new Bytes32(header.payloadRoot()),
                new Uint32(header.messageCount()),
                new Uint32(header.proposer()),
                new Uint64(header.timestampMs())));
    messageTag = Keccak256.hash(CrossChainMessage.DOMAIN_TAG.getBytes(StandardCharsets.UTF_8));
    headerTag = Keccak256.hash(BlockHeader.DOMAIN_TAG.getBytes(StandardCharsets.UTF_8));
    messagePreimage = concat(messageTag, message.encode());
    headerPreimage = concat(headerTag, header.encode());
    if (!Arrays.equals(web3jMessageHash(), message.hash())
        || !Arrays.equals(web3jHeaderHash(), header.hash())) {
      throw new IllegalStateException("generated and web3j hashes differ");
    }
  }

  CrossChainMessage message() {
    return message;
  }

  BlockHeader header() {
    return header;
  }

  @Benchmark
  public byte[] messageEncodeGenerated() {
    return message.encode();
  }

  @Benchmark
  public byte[] messageEncodeWeb3j() {
    return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(web3jMessage));
  }

  @Benchmark
  public byte[] messageHashGenerated() {
    return message.hash();
  }

  @Benchmark
  public byte[] web3jMessageHash() {
    byte[] enc = Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(web3jMessage));
    return new Keccak.Digest256().digest(concat(messageTag, enc));
  }

  @Benchmark
  public byte[] messageKeccakOnlyBouncyCastle() {
    return new Keccak.Digest256().digest(messagePreimage);
  }

  @Benchmark
  public byte[] messageKeccakOnlyOurs() {
    return Keccak256.hash(messagePreimage);
  }

  @Benchmark
  public byte[] headerEncodeGenerated() {
    return header.encode();
  }

  @Benchmark
  public byte[] headerEncodeWeb3j() {
    return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(web3jHeader));
  }

  @Benchmark
  public byte[] headerHashGenerated() {
    return header.hash();
  }

  @Benchmark
  public byte[] web3jHeaderHash() {
    byte[] enc = Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(web3jHeader));
    return new Keccak.Digest256().digest(concat(headerTag, enc));
  }

  @Benchmark
  public byte[] headerKeccakOnlyBouncyCastle() {
    return new Keccak.Digest256().digest(headerPreimage);
  }

  @Benchmark
  public byte[] headerKeccakOnlyOurs() {
    return Keccak256.hash(headerPreimage);
  }

  private static byte[] bytes(SplittableRandom r, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

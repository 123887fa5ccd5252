package io.trestle.relayer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.trestle.consensus.net.Transport;
import io.trestle.proto.v1.AttestationSignature;
import io.trestle.proto.v1.Envelope;
import io.trestle.proto.v1.ProtocolId;
import io.trestle.relayer.contracts.Abi;
import io.trestle.relayer.contracts.Attestation;
import io.trestle.relayer.contracts.Eip712;
import io.trestle.relayer.deliver.EvmKey;
import io.trestle.relayer.deliver.SignatureCollector;
import io.trestle.relayer.localchain.LocalChain;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Four collectors over an in-memory network (the Netty path is exercised by RelayerNodeIT). */
class NetworkSignatureCollectorTest {
  static final String GATEWAY = "0x" + "5f".repeat(20);
  static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  final List<EvmKey> keys = new ArrayList<>();
  final List<NetworkSignatureCollector> members = new ArrayList<>();
  final AtomicInteger[] quorums = new AtomicInteger[4];

  /** (from, to) → true to lose the frame. */
  BiPredicate<Integer, Integer> lose = (from, to) -> false;

  final class Link implements Transport {
    final int self;

    Link(int self) {
      this.self = self;
    }

    @Override
    public int self() {
      return self;
    }

    @Override
    public int size() {
      return 4;
    }

    @Override
    public void start(InboundHandler handler) {}

    @Override
    public void send(int peer, Envelope message) {
      if (!lose.test(self, peer)) {
        members.get(peer).onFrame(self, message);
      }
    }

    @Override
    public void broadcast(Envelope message) {
      for (int p = 0; p < 4; p++) {
        if (p != self) {
          send(p, message);
        }
      }
    }

    @Override
    public void close() {}
  }

  NetworkSignatureCollectorTest() {
    for (int i = 0; i < 4; i++) {
      keys.add(EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(4 + i)));
    }
    List<String> addresses = keys.stream().map(EvmKey::address).toList();
    for (int i = 0; i < 4; i++) {
      AtomicInteger q = new AtomicInteger();
      quorums[i] = q;
      members.add(
          new NetworkSignatureCollector(
              i,
              keys.get(i),
              addresses,
              List.of(1L, 1L, 1L, 1L),
              new Link(i),
              a -> q.incrementAndGet(),
              System::currentTimeMillis,
              Duration.ofMillis(100)));
    }
  }

  @AfterEach
  void close() {
    members.forEach(NetworkSignatureCollector::close);
  }

  static Attestation attestation(long height, String root) {
    return new Attestation(
        Abi.keccak("committee".getBytes()), 0, height, Abi.keccak(root.getBytes()), 31338);
  }

  static void await(BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + 5_000_000_000L;
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out");
      Thread.sleep(10);
    }
  }

  private void assertQuorumOfValidSignatures(Attestation a, List<SignatureCollector.Signed> sigs) {
    assertTrue(sigs.size() >= 3, "got " + sigs.size());
    byte[] digest = Eip712.batchDigest(a, GATEWAY);
    for (SignatureCollector.Signed s : sigs) {
      assertEquals(s.signer(), NetworkSignatureCollector.from(digest, s.signature()));
    }
    assertEquals(
        sigs.size(), sigs.stream().map(SignatureCollector.Signed::signer).distinct().count());
  }

  @Test
  void aQuorumArrivesOverTheTransportAndIsReportedOnce() throws Exception {
    Attestation a = attestation(7, "r");
    for (int i = 1; i < 4; i++) {
      members.get(i).offer(a, GATEWAY);
    }
    List<SignatureCollector.Signed> sigs =
        members.get(0).collect(a, GATEWAY, Duration.ofSeconds(5));
    assertQuorumOfValidSignatures(a, sigs);
    await(() -> quorums[0].get() == 1);
    for (int i = 0; i < 4; i++) {
      int m = i;
      await(() -> quorums[m].get() == 1);
    }
    Thread.sleep(200);
    for (AtomicInteger q : quorums) {
      assertEquals(1, q.get());
    }
    assertEquals(0, members.get(0).rejected());
  }

  @Test
  void lostSignaturesAreAskedForAgainByResending() throws Exception {
    Attestation a = attestation(8, "r");
    lose = (from, to) -> true;
    for (int i = 1; i < 4; i++) {
      members.get(i).offer(a, GATEWAY); // every broadcast lost
    }
    lose = (from, to) -> false;
    List<SignatureCollector.Signed> sigs =
        members.get(0).collect(a, GATEWAY, Duration.ofSeconds(5));
    assertQuorumOfValidSignatures(a, sigs);
  }

  @Test
  void forgedMisattributedAndMalformedSignaturesAreDroppedAndCounted() throws Exception {
    Attestation a = attestation(9, "r");
    NetworkSignatureCollector c = members.get(0);
    byte[] digest = Eip712.batchDigest(a, GATEWAY);
    byte[] good1 = keys.get(1).signDigest(digest);
    // 1. signer field names member 2, but the authenticated sender is member 1
    c.onFrame(1, frame(a.height(), 2, good1));
    // 2. a key outside the committee
    c.onFrame(
        1,
        frame(a.height(), 1, EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(9)).signDigest(digest)));
    // 3. member 2's signature of another root
    c.onFrame(
        2,
        frame(
            a.height(),
            2,
            keys.get(2).signDigest(Eip712.batchDigest(attestation(9, "x"), GATEWAY))));
    // 4. the high-s twin of a valid signature (ecrecover accepts it; the gateway would not)
    c.onFrame(3, frame(a.height(), 3, highS(keys.get(3).signDigest(digest))));
    // 5. not an AttestationSignature at all
    c.onFrame(
        1,
        Envelope.newBuilder()
            .setProtocol(ProtocolId.PROTOCOL_ID_ATTESTATION)
            .setPayload(ByteString.copyFrom(new byte[] {(byte) 0xff, 1}))
            .build());
    // 6. a 64-byte signature
    c.onFrame(1, frame(a.height(), 1, Arrays.copyOf(good1, 64)));
    lose = (from, to) -> true; // nobody else helps
    List<SignatureCollector.Signed> sigs = c.collect(a, GATEWAY, Duration.ofMillis(300));
    await(() -> c.rejected() == 6);
    assertEquals(1, sigs.size(), "only its own signature counts");
    assertEquals(keys.get(0).address(), sigs.get(0).signer());
    assertEquals(0, c.accepted());
    assertEquals(0, quorums[0].get());

    c.onFrame(1, frame(a.height(), 1, good1)); // a valid one still counts afterwards
    await(() -> c.accepted() == 1);
  }

  @Test
  void aMemberSpammingHeightsCannotCrowdOutTheRoundBeingCollected() throws Exception {
    NetworkSignatureCollector c = members.get(0);
    byte[] junk = keys.get(1).signDigest(new byte[32]);
    for (int h = 1_000; h < 2_000; h++) {
      c.onFrame(1, frame(h, 1, junk));
    }
    await(() -> c.dropped() >= 1_000 - NetworkSignatureCollector.MAX_UNBUILT);
    Attestation a = attestation(10, "r");
    members.get(2).offer(a, GATEWAY);
    members.get(3).offer(a, GATEWAY);
    members.get(1).offer(a, GATEWAY);
    assertQuorumOfValidSignatures(a, c.collect(a, GATEWAY, Duration.ofSeconds(5)));
  }

  private static Envelope frame(long height, int signer, byte[] sig) {
    return Envelope.newBuilder()
        .setProtocol(ProtocolId.PROTOCOL_ID_ATTESTATION)
        .setPayload(
            AttestationSignature.newBuilder()
                .setHeight(height)
                .setDestChainId(31338)
                .setSigner(signer)
                .setSignature(ByteString.copyFrom(sig))
                .build()
                .toByteString())
        .build();
  }

  private static byte[] highS(byte[] sig) {
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    byte[] hs = N.subtract(s).toByteArray();
    byte[] out = sig.clone();
    byte[] s32 = new byte[32];
    System.arraycopy(
        hs, Math.max(0, hs.length - 32), s32, Math.max(0, 32 - hs.length), Math.min(32, hs.length));
    System.arraycopy(s32, 0, out, 32, 32);
    out[64] = (byte) (sig[64] == 27 ? 28 : 27);
    return out;
  }
}

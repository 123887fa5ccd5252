package io.trestle.relayer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.BatchAttestation;
import io.trestle.canonical.v1.BlockHeader;
import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.CommitteeRotation;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.CrossChainMessage;
import io.trestle.canonical.v1.Member;
import io.trestle.canonical.v1.MerklePath;
import io.trestle.canonical.v1.MessageProof;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.canonical.v1.VoteData;
import io.trestle.evm.v1.CommitteeResponse;
import io.trestle.evm.v1.ExecutionStatus;
import io.trestle.evm.v1.MessageSent;
import io.trestle.evm.v1.PayloadTooLarge;
import io.trestle.evm.v1.TrestleGateway;
import io.trestle.relayer.chain.LogEntry;
import io.trestle.relayer.chain.Receipt;
import io.trestle.relayer.chain.RpcException;
import io.trestle.relayer.contracts.Abi;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.contracts.InclusionPath;
import io.trestle.relayer.deliver.EvmKey;
import io.trestle.verifier.merkle.MerklePaths;
import io.trestle.verifier.merkle.MerkleTree;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 5's conformance on a real EVM: bytes encoded by the generated Java records are decoded by
 * Solidity (AbiConformance.sol), re-encoded with abi.encode and hashed; both must equal Java's. The
 * structs and their encode/decode/hash libraries on the Solidity side are the ones abi-codegen
 * generates from the same .proto files. Also the Solidity Merkle verifier against the verifier's
 * tree, the gateway's message id against CrossChainMessage.hash(), and the gateway's logs, view
 * results and revert data against the codecs generated from trestle/evm/v1/gateway.proto.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbiConformanceIT {
  private TestNet net;
  private String conformance;
  private final SplittableRandom random = new SplittableRandom(5);

  @BeforeAll
  void start() throws Exception {
    net = new TestNet(31337);
    conformance = net.deploy(0, "AbiConformance", new byte[0]);
  }

  @AfterAll
  void stop() {
    if (net != null) {
      net.close();
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Calls fn(bytes) -> (bytes reencoded, bytes32 digest); returns {reencoded, digest}. */
  private byte[][] roundTrip(String fn, byte[] encoded) {
    byte[] out =
        net.call(
            0,
            conformance,
            GatewayAbi.call(fn + "(bytes)", List.of(new Abi.Dynamic(Abi.bytes(encoded)))));
    int offset = (int) Abi.readUint(out, 0, 32);
    int length = (int) Abi.readUint(out, offset, 32);
    return new byte[][] {
      Arrays.copyOfRange(out, offset + 32, offset + 32 + length), Abi.word(out, 32)
    };
  }

  @Test
  void messagesDecodeReencodeAndHashIdenticallyOnTheEvm() {
    for (int i = 0; i < 25; i++) {
      int size = i == 0 ? 0 : random.nextInt(0, i % 5 == 0 ? 3000 : 100);
      CrossChainMessage m =
          new CrossChainMessage(
              random.nextLong(),
              bytes(20),
              random.nextLong(),
              bytes(20),
              random.nextLong(),
              bytes(20),
              bytes(size));
      byte[][] r = roundTrip("message", m.encode());
      assertArrayEquals(m.encode(), r[0]);
      assertArrayEquals(m.hash(), r[1]);
    }
  }

  @Test
  void pathsAndAttestationsDecodeAndReencodeIdentically() {
    for (int i = 0; i < 10; i++) {
      List<byte[]> siblings = new ArrayList<>();
      for (int k = 0; k < i; k++) {
        siblings.add(bytes(32));
      }
      MerklePath p = new MerklePath(random.nextLong(), random.nextLong(), siblings);
      byte[][] r = roundTrip("merklePath", p.encode());
      assertArrayEquals(p.encode(), r[0]);
      assertArrayEquals(Abi.keccak(p.encode()), r[1]);
      BatchAttestation a =
          new BatchAttestation(
              bytes(32), random.nextLong(), random.nextLong(), bytes(32), random.nextLong());
      byte[][] ra = roundTrip("batchAttestation", a.encode());
      assertArrayEquals(a.encode(), ra[0]);
    }
  }

  private BlockHeader header() {
    return new BlockHeader(
        bytes(32),
        random.nextLong(),
        random.nextLong(),
        random.nextLong(),
        bytes(32),
        random.nextLong(),
        bytes(32),
        random.nextLong(0, 1L << 32),
        random.nextLong(0, 1L << 32),
        random.nextLong());
  }

  @Test
  void consensusStructsDecodeReencodeAndHashIdenticallyOnTheEvm() {
    for (int i = 0; i < 8; i++) {
      BlockHeader h = header();
      byte[][] rh = roundTrip("blockHeader", h.encode());
      assertArrayEquals(h.encode(), rh[0]);
      assertArrayEquals(h.hash(), rh[1]);

      List<Member> members = new ArrayList<>();
      for (int k = 0; k < i; k++) {
        members.add(
            new Member(bytes(32), bytes(20), "node-" + k + ".example:" + (9000 + k) + "/é", k + 1));
      }
      ConsensusEngine engine = i % 2 == 0 ? ConsensusEngine.HOTSTUFF : ConsensusEngine.RAFT;
      CommitteeRotation rot =
          new CommitteeRotation(
              new Committee(bytes(32), random.nextLong(), engine, members), random.nextLong());
      byte[][] rr = roundTrip("committeeRotation", rot.encode());
      assertArrayEquals(rot.encode(), rr[0]);
      assertArrayEquals(rot.hash(), rr[1]);

      List<byte[]> signatures = new ArrayList<>();
      for (int k = 0; k < i % 4; k++) {
        signatures.add(bytes(64));
      }
      VoteData vote =
          new VoteData(
              bytes(32),
              random.nextLong(),
              random.nextLong(),
              random.nextLong(),
              bytes(32),
              random.nextLong(),
              bytes(32));
      MessageProof proof =
          new MessageProof(
              new CrossChainMessage(
                  random.nextLong(), bytes(20), 1, bytes(20), 2, bytes(20), bytes(i * 33)),
              new MerklePath(i, i + 1L, List.of(bytes(32))),
              h,
              new QuorumCertificate(vote, bytes(1 + i / 8), signatures),
              java.util.Collections.nCopies(i % 3, h));
      byte[][] rp = roundTrip("messageProof", proof.encode());
      assertArrayEquals(proof.encode(), rp[0]);
      assertArrayEquals(Abi.keccak(proof.encode()), rp[1]);
    }
  }

  @Test
  void solidityMerkleVerifierAgreesWithTheVerifierTree() {
    for (int n : new int[] {1, 2, 3, 5, 7, 8, 13}) {
      List<byte[]> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add(bytes(32));
      }
      MerkleTree tree = MerkleTree.of(ids);
      for (int i = 0; i < n; i++) {
        InclusionPath path = new InclusionPath(i, n, tree.path(i));
        byte[] out = merkleRoot(ids.get(i), path);
        assertArrayEquals(tree.root(), Abi.word(out, 0), "n=" + n + " i=" + i);
        assertEquals(1, Abi.readUint(out, 32, 1));
      }
      // Hostile positions and paths: Solidity and the verifier's MerklePaths reach the same
      // verdict.
      for (int k = 0; k < 6; k++) {
        long index = random.nextInt(0, n + 2);
        long count = random.nextInt(0, n + 3);
        List<byte[]> siblings = tree.path((int) Math.min(index, n - 1));
        byte[] out = merkleRoot(ids.get(0), new InclusionPath(index, count, siblings));
        var expected = MerklePaths.computeRoot(ids.get(0), index, count, siblings);
        assertEquals(expected.isPresent(), Abi.readUint(out, 32, 1) == 1, "n=" + n);
        expected.ifPresent(root -> assertArrayEquals(root, Abi.word(out, 0)));
      }
    }
  }

  private byte[] merkleRoot(byte[] id, InclusionPath path) {
    return net.call(
        0,
        conformance,
        GatewayAbi.call(
            "merkleRoot(bytes32,(uint64,uint64,bytes32[]))",
            List.of(new Abi.Static(Abi.bytes32(id)), new Abi.Dynamic(path.encodeTuple()))));
  }

  @Test
  void gatewayMessageIdIsTheGeneratedHash() throws Exception {
    GatewayMessage sent = net.send(0, 8, 777, "0x" + "42".repeat(20), bytes(77));
    // The id the gateway emitted (topic 1) is checked by TestNet against the decoded message.
    assertArrayEquals(sent.toCanonical().hash(), sent.id());
  }

  @Test
  void gatewayLogsViewsAndRevertsDecodeWithTheGeneratedCodecs() throws Exception {
    String gateway = net.gateways.get(0);
    byte[] recipient = bytes(20);
    byte[] payload = bytes(300);
    Receipt r =
        net.sender(0, 8)
            .send(gateway, TrestleGateway.Send.encodeCallData(31338, recipient, payload));
    assertTrue(r.success());
    MessageSent sent = null;
    for (LogEntry log : r.logs()) {
      if (log.topics().get(0).equals(MessageSent.TOPIC0)) {
        List<byte[]> topics = log.topics().stream().map(AbiConformanceIT::hex).toList();
        sent = MessageSent.decodeLog(topics, hex(log.data()));
      }
    }
    assertTrue(sent != null, "MessageSent decoded strictly");
    assertArrayEquals(sent.message().hash(), sent.messageId());
    assertArrayEquals(payload, sent.message().payload());
    assertArrayEquals(recipient, sent.message().recipient());
    assertEquals(31337, sent.message().sourceChainId());

    long lastNonce =
        view(
            gateway,
            TrestleGateway.LastNonce.encodeCallData(),
            b -> TrestleGateway.LastNonce.decodeResponse(b).result());
    assertEquals(sent.nonce(), lastNonce);
    CommitteeResponse committee =
        view(
            gateway,
            TrestleGateway.Committee.encodeCallData(),
            TrestleGateway.Committee::decodeResponse);
    assertEquals(
        net.committee.stream().map(EvmKey::address).toList(),
        committee.members().stream().map(GatewayMessage::toHex).toList());
    assertEquals(List.of(1L, 1L, 1L, 1L), committee.weights());
    long totalWeight =
        view(
            gateway,
            TrestleGateway.TotalWeight.encodeCallData(),
            b -> TrestleGateway.TotalWeight.decodeResponse(b).result());
    assertEquals(4, totalWeight);
    assertArrayEquals(
        TestNet.COMMITTEE_ID,
        view(
            gateway,
            TrestleGateway.CommitteeId.encodeCallData(),
            b -> TrestleGateway.CommitteeId.decodeResponse(b).result()));
    assertEquals(
        BigInteger.valueOf(TestNet.EXECUTION_GAS),
        view(
            gateway,
            TrestleGateway.ExecutionGasLimit.encodeCallData(),
            b -> TrestleGateway.ExecutionGasLimit.decodeResponse(b).result()));
    assertEquals(
        ExecutionStatus.UNKNOWN,
        view(
            gateway,
            TrestleGateway.Status.encodeCallData(sent.messageId()),
            b -> TrestleGateway.Status.decodeResponse(b).status()));

    // The EVM's revert data is the generated error's encoding.
    byte[] tooLarge = new byte[65537];
    RpcException revert =
        assertThrows(
            RpcException.class,
            () ->
                net.call(
                    0, gateway, TrestleGateway.Send.encodeCallData(31338, recipient, tooLarge)));
    String expected =
        HexFormat.of().formatHex(new PayloadTooLarge(BigInteger.valueOf(65537)).encode());
    assertTrue(revert.getMessage().contains(expected), revert.getMessage());
  }

  private <T> T view(
      String gateway, byte[] callData, java.util.function.Function<byte[], T> decode) {
    return decode.apply(net.call(0, gateway, callData));
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.startsWith("0x") ? s.substring(2) : s);
  }
}

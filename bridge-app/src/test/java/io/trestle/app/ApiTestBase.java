package io.trestle.app;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.trestle.app.ports.NodeLedger;
import io.trestle.db.BlockRepository;
import io.trestle.db.model.BlockRow;
import io.trestle.db.model.CommittedLeaf;
import io.trestle.db.model.NewMessage;
import io.trestle.db.model.ObservationRow;
import io.trestle.proto.v1.BlockHeader;
import io.trestle.proto.v1.MerklePath;
import io.trestle.proto.v1.MessageProof;
import io.trestle.proto.v1.QuorumCertificate;
import io.trestle.proto.v1.VoteData;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One application context for every API test (same properties, so Spring caches it): the real node
 * on a random port over the JVM's shared embedded PostgreSQL, with fixtures written through the
 * {@link NodeLedger} port as the consensus and relayer adapters would.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "trestle.admin.token=" + ApiTestBase.TOKEN,
      "management.server.port=0",
      "trestle.chains[0].chain-id=31337",
      "trestle.chains[0].name=devnet-a",
      "trestle.chains[1].chain-id=31338",
      "trestle.chains[1].name=devnet-b",
      "trestle.api.sse-heartbeat=1s"
    })
@AutoConfigureWebTestClient(timeout = "PT20S")
public abstract class ApiTestBase {

  public static final String TOKEN = "test-admin-token-0123456789abcdef";
  protected static final Duration T = Duration.ofSeconds(20);
  private static final AtomicLong HEIGHT = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  @Autowired protected WebTestClient client;
  @Autowired protected NodeLedger ledger;
  @Autowired private BlockRepository blocks;

  protected static byte[] random(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  protected static String hex(byte[] b) {
    return "0x" + HexFormat.of().formatHex(b);
  }

  protected static NewMessage newMessage(long sourceChain, byte[] sender) {
    return new NewMessage(
        random(32),
        sourceChain,
        random(20),
        ThreadLocalRandom.current().nextLong(1, 1L << 50),
        sender,
        31338,
        random(20),
        new byte[] {(byte) 0xca, (byte) 0xfe});
  }

  /** Stores a newly observed message. */
  protected NewMessage observe(long sourceChain, byte[] sender) {
    NewMessage m = newMessage(sourceChain, sender);
    ledger
        .observed(
            m,
            new ObservationRow(
                m.id(), sourceChain, 100, random(32), random(32), 3, 12, Instant.now()))
        .block(T);
    return m;
  }

  /** GET /v1/messages/{id}/proof as protobuf, expecting 200. */
  protected MessageProof proof(byte[] messageId) throws InvalidProtocolBufferException {
    byte[] body =
        client
            .get()
            .uri("/v1/messages/" + hex(messageId) + "/proof")
            .accept(MediaType.parseMediaType("application/x-protobuf"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(byte[].class)
            .returnResult()
            .getResponseBody();
    return MessageProof.parseFrom(body);
  }

  /** The stored hash of the block at {@code height}. */
  protected ByteString blockHash(long height) {
    return ByteString.copyFrom(blocks.findByHeight(height).block(T).blockHash());
  }

  /** A block height no other test has used. */
  protected static long nextHeight() {
    return HEIGHT.incrementAndGet();
  }

  /** Commits a block holding {@code messages}; returns its height. */
  protected long commit(List<NewMessage> messages) {
    return commit(messages, 0, 0);
  }

  /**
   * Commits the messages in a block followed by {@code descendants} empty blocks, each naming the
   * one before it as its parent, as one QC commits them after a view change: the QC stored with
   * each block names the last. Only the first {@code stored} descendants are stored (the rest are
   * "still being stored"). Returns the height of the messages' block.
   */
  protected long commit(List<NewMessage> messages, int descendants, int stored) {
    long height = HEIGHT.getAndAdd(descendants + 1) + 1;
    byte[][] hashes = new byte[descendants + 1][];
    for (int i = 0; i <= descendants; i++) {
      hashes[i] = random(32);
    }
    QuorumCertificate qc =
        QuorumCertificate.newBuilder()
            .setData(
                VoteData.newBuilder()
                    .setHeight(height + descendants + 1)
                    .setCommitHeight(height + descendants)
                    .setCommitHash(ByteString.copyFrom(hashes[descendants])))
            .setSigners(ByteString.copyFrom(new byte[] {0x07}))
            .addSignatures(ByteString.copyFrom(random(64)))
            .addSignatures(ByteString.copyFrom(random(64)))
            .addSignatures(ByteString.copyFrom(random(64)))
            .build();
    byte[] parent = random(32);
    for (int i = 0; i <= stored; i++) {
      List<NewMessage> batch = i == 0 ? messages : List.of();
      store(height + i, hashes[i], parent, batch, qc);
      parent = hashes[i];
    }
    return height;
  }

  private void store(
      long height, byte[] hash, byte[] parent, List<NewMessage> messages, QuorumCertificate qc) {
    BlockHeader header =
        BlockHeader.newBuilder()
            .setCommitteeId(ByteString.copyFrom(new byte[32]))
            .setEpoch(0)
            .setHeight(height)
            .setView(height + 1)
            .setParentHash(ByteString.copyFrom(parent))
            .setPayloadRoot(ByteString.copyFrom(random(32)))
            .setMessageCount(messages.size())
            .setTimestampMs(1_700_000_000_000L)
            .build();
    List<CommittedLeaf> leaves =
        java.util.stream.IntStream.range(0, messages.size())
            .mapToObj(
                i ->
                    new CommittedLeaf(
                        messages.get(i).id(),
                        i,
                        MerklePath.newBuilder()
                            .setLeafIndex(i)
                            .setLeafCount(messages.size())
                            .addSiblings(ByteString.copyFrom(random(32)))
                            .build()
                            .toByteArray()))
            .toList();
    ledger
        .committed(
            new BlockRow(
                height,
                hash,
                0,
                height + 1,
                parent,
                header.getPayloadRoot().toByteArray(),
                messages.size(),
                0,
                header.getTimestampMs(),
                header.toByteArray(),
                qc.toByteArray(),
                null),
            leaves)
        .block(T);
  }
}

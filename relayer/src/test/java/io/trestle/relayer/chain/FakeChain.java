package io.trestle.relayer.chain;

import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An in-memory chain for watcher tests: blocks with deterministic hashes (a fork salt changes every
 * hash from a re-org point on), MessageSent logs, re-orgs at any depth and scripted failures. Only
 * the reader part of {@link ChainRpc} is real; the rest throws.
 */
public final class FakeChain implements ChainRpc {
  private record Block(BlockHeader header, List<LogEntry> logs) {}

  private final long chainId;
  private final String gateway;
  private final List<Block> blocks = new ArrayList<>();
  private int salt;
  private int failNext;
  private RpcException.Kind failKind = RpcException.Kind.TRANSIENT;
  private long nonce;
  public int calls;

  public FakeChain(long chainId, String gateway) {
    this.chainId = chainId;
    this.gateway = gateway;
    blocks.add(new Block(new BlockHeader(0, hash(0, 0), hash(-1, 0)), List.of()));
  }

  private static String hash(long number, int salt) {
    return String.format(
        "0x%064x",
        BigInteger.valueOf(number)
            .shiftLeft(32)
            .add(BigInteger.valueOf(salt & 0xffffffffL))
            .add(BigInteger.ONE.shiftLeft(200)));
  }

  /** Mines a block holding MessageSent logs of the given messages; returns them as emitted. */
  public synchronized List<GatewayMessage> mine(long destChainId, String... payloads) {
    long n = blocks.size();
    String h = hash(n, salt);
    List<LogEntry> logs = new ArrayList<>();
    List<GatewayMessage> msgs = new ArrayList<>();
    for (String p : payloads) {
      GatewayMessage m =
          new GatewayMessage(
              chainId,
              gateway,
              ++nonce,
              "0x" + "11".repeat(20),
              destChainId,
              "0x" + "22".repeat(20),
              p.getBytes());
      msgs.add(m);
      logs.add(log(n, h, logs.size(), m, m.id()));
    }
    blocks.add(new Block(new BlockHeader(n, h, blocks.getLast().header().hash()), logs));
    return msgs;
  }

  /** Adds a raw log (e.g. a malformed one) in a new block. */
  public synchronized void mineRaw(List<String> topics, String data) {
    long n = blocks.size();
    String h = hash(n, salt);
    LogEntry e = new LogEntry(n, h, String.format("0x%064x", n), 0, gateway, topics, data, false);
    blocks.add(new Block(new BlockHeader(n, h, blocks.getLast().header().hash()), List.of(e)));
  }

  private LogEntry log(long n, String blockHash, int index, GatewayMessage m, byte[] id) {
    return new LogEntry(
        n,
        blockHash,
        String.format("0x%064x", n * 1000 + index),
        index,
        gateway,
        List.of(
            GatewayMessage.toHex(GatewayAbi.MESSAGE_SENT_TOPIC),
            GatewayMessage.toHex(id),
            String.format("0x%064x", m.nonce())),
        GatewayMessage.toHex(m.encode()),
        false);
  }

  /** Drops the last {@code depth} blocks (their messages vanish); new blocks get new hashes. */
  public synchronized void reorg(int depth) {
    for (int i = 0; i < depth; i++) {
      blocks.removeLast();
    }
    salt++;
  }

  /** The next {@code count} calls fail with {@code kind}. */
  public synchronized void failNext(int count, RpcException.Kind kind) {
    failNext = count;
    failKind = kind;
  }

  private void maybeFail() {
    calls++;
    if (failNext > 0) {
      failNext--;
      throw new RpcException(failKind, "scripted " + failKind);
    }
  }

  @Override
  public synchronized long blockNumber() {
    maybeFail();
    return blocks.size() - 1;
  }

  @Override
  public synchronized BlockHeader header(long number) {
    maybeFail();
    if (number < 0 || number >= blocks.size()) {
      throw new RpcException(RpcException.Kind.REJECTED, "no block " + number);
    }
    return blocks.get((int) number).header();
  }

  @Override
  public synchronized List<LogEntry> logs(long from, long to, String address, String topic0) {
    maybeFail();
    List<LogEntry> out = new ArrayList<>();
    for (long n = from; n <= to && n < blocks.size(); n++) {
      for (LogEntry e : blocks.get((int) n).logs()) {
        if (e.address().equals(address) && e.topics().get(0).equals(topic0)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  @Override
  public long chainId() {
    return chainId;
  }

  @Override
  public byte[] call(String to, byte[] data) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long pendingNonce(String address) {
    throw new UnsupportedOperationException();
  }

  @Override
  public BigInteger baseFee() {
    throw new UnsupportedOperationException();
  }

  @Override
  public BigInteger priorityFee() {
    throw new UnsupportedOperationException();
  }

  @Override
  public long estimateGas(String from, String to, byte[] data) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String sendRawTransaction(byte[] signed) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Receipt> receipt(String txHash) {
    throw new UnsupportedOperationException();
  }
}

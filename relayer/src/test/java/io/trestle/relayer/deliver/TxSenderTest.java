package io.trestle.relayer.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.chain.BlockHeader;
import io.trestle.relayer.chain.ChainRpc;
import io.trestle.relayer.chain.LogEntry;
import io.trestle.relayer.chain.Receipt;
import io.trestle.relayer.chain.RpcException;
import io.trestle.relayer.contracts.Abi;
import io.trestle.relayer.contracts.GatewayMessage;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

class TxSenderTest {
  static final String TO = "0x" + "ab".repeat(20);

  /** A node whose mempool never mines by itself: the test decides which hash gets mined. */
  static final class FakeNode implements ChainRpc {
    final List<Transaction1559> sent = new ArrayList<>();
    final List<String> hashes = new ArrayList<>();
    final Set<String> mined = new HashSet<>();
    long pending = 5;
    int rejectNextWith;
    String rejection = "nonce too low";

    @Override
    public String sendRawTransaction(byte[] signed) {
      if (rejectNextWith > 0) {
        rejectNextWith--;
        throw new RpcException(RpcException.Kind.REJECTED, rejection);
      }
      RawTransaction tx = TransactionDecoder.decode(Numeric.toHexString(signed));
      sent.add((Transaction1559) tx.getTransaction());
      String h = GatewayMessage.toHex(Abi.keccak(signed));
      hashes.add(h);
      return h;
    }

    @Override
    public Optional<Receipt> receipt(String txHash) {
      return mined.contains(txHash)
          ? Optional.of(new Receipt(txHash, 1, true, 21_000, List.of(), null))
          : Optional.empty();
    }

    @Override
    public long pendingNonce(String address) {
      return pending;
    }

    @Override
    public BigInteger baseFee() {
      return BigInteger.valueOf(1_000);
    }

    @Override
    public BigInteger priorityFee() {
      return BigInteger.valueOf(100);
    }

    @Override
    public long estimateGas(String from, String to, byte[] data) {
      return 50_000;
    }

    @Override
    public long chainId() {
      return 31337;
    }

    @Override
    public byte[] call(String to, byte[] data) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long blockNumber() {
      throw new UnsupportedOperationException();
    }

    @Override
    public BlockHeader header(long number) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<LogEntry> logs(long from, long to, String address, String topic0) {
      throw new UnsupportedOperationException();
    }
  }

  final FakeNode node = new FakeNode();
  final int[] sleeps = {0};
  int mineAfterSends = Integer.MAX_VALUE;

  TxSender sender(FeePolicy fees, int attempts) {
    return new TxSender(
        node,
        31337,
        EvmKey.fromPrivateKey("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
        fees,
        Duration.ofSeconds(1),
        Duration.ofMillis(250),
        attempts,
        d -> {
          sleeps[0]++;
          if (node.hashes.size() >= mineAfterSends) {
            node.mined.add(node.hashes.getLast());
          }
        });
  }

  static FeePolicy fees() {
    return new FeePolicy(BigInteger.valueOf(100_000), BigInteger.valueOf(10_000), 12);
  }

  @Test
  void stuckTransactionIsResubmittedWithTheSameNonceAndBumpedFees() throws Exception {
    mineAfterSends = 3; // only the second replacement gets mined
    TxSender s = sender(fees(), 5);
    Receipt r = s.send(TO, new byte[] {1});
    assertEquals(node.hashes.get(2), r.txHash());
    assertEquals(3, s.sentCount());
    assertEquals(2, s.replacementCount());
    for (int i = 1; i < node.sent.size(); i++) {
      Transaction1559 prev = node.sent.get(i - 1);
      Transaction1559 next = node.sent.get(i);
      assertEquals(prev.getNonce(), next.getNonce());
      assertTrue(
          next.getMaxFeePerGas()
                  .multiply(BigInteger.valueOf(100))
                  .compareTo(prev.getMaxFeePerGas().multiply(BigInteger.valueOf(110)))
              >= 0);
      assertTrue(next.getMaxPriorityFeePerGas().compareTo(prev.getMaxPriorityFeePerGas()) > 0);
    }
    assertEquals(BigInteger.valueOf(5), node.sent.get(0).getNonce());
    assertEquals(BigInteger.valueOf(2_100), node.sent.get(0).getMaxFeePerGas());
  }

  @Test
  void feesNeverExceedTheCapsAndTimeoutIsTyped() {
    FeePolicy tight = new FeePolicy(BigInteger.valueOf(2_200), BigInteger.valueOf(110), 12);
    TxSender s = sender(tight, 4);
    assertThrows(TxSender.TxTimeoutException.class, () -> s.send(TO, new byte[0]));
    for (Transaction1559 t : node.sent) {
      assertTrue(t.getMaxFeePerGas().compareTo(BigInteger.valueOf(2_200)) <= 0);
      assertTrue(t.getMaxPriorityFeePerGas().compareTo(BigInteger.valueOf(110)) <= 0);
    }
    assertEquals(1, node.sent.size(), "at the caps no replacement is possible: keep waiting");
  }

  @Test
  void noncesComeFromTheChainAndNeverRepeatLocally() throws Exception {
    mineAfterSends = 0;
    TxSender s = sender(fees(), 3);
    s.send(TO, new byte[0]);
    s.send(TO, new byte[0]); // the node still reports 5 pending (lagging): use 6
    assertEquals(BigInteger.valueOf(5), node.sent.get(0).getNonce());
    assertEquals(BigInteger.valueOf(6), node.sent.get(1).getNonce());
    node.pending = 9; // e.g. after a restart, or another process
    s.send(TO, new byte[0]);
    assertEquals(BigInteger.valueOf(9), node.sent.get(2).getNonce());
  }

  @Test
  void nonceTakenElsewhereResyncsFromTheChain() throws Exception {
    mineAfterSends = 0;
    node.rejectNextWith = 1;
    TxSender s = sender(fees(), 3);
    node.pending = 7;
    s.send(TO, new byte[0]);
    assertEquals(BigInteger.valueOf(7), node.sent.get(0).getNonce());

    node.rejectNextWith = 1;
    node.rejection = "execution reverted";
    RpcException e = assertThrows(RpcException.class, () -> s.send(TO, new byte[0]));
    assertEquals(RpcException.Kind.REJECTED, e.kind());
  }
}

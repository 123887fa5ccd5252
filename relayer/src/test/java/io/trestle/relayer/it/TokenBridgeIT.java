package io.trestle.relayer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.relayer.chain.Receipt;
import io.trestle.relayer.contracts.Abi;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.Batch;
import io.trestle.relayer.deliver.EvmKey;
import io.trestle.relayer.deliver.TxSender;
import io.trestle.relayer.governor.Governor;
import io.trestle.relayer.localchain.LocalChain;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Token lock on A -> wrapped mint on B -> burn on B -> release on A, through the governor. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenBridgeIT {
  private TestNet net;
  private String token;
  private String bridgeA;
  private String bridgeB;
  private final String user = EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(8)).address();
  private long height;

  @BeforeAll
  void start() throws Exception {
    net = new TestNet(31337, 31338);
    token =
        net.deploy(
            0,
            "SimpleERC20",
            Abi.tuple(
                List.of(
                    new Abi.Dynamic(Abi.bytes("Test".getBytes())),
                    new Abi.Dynamic(Abi.bytes("TST".getBytes())))));
    bridgeA = net.deploy(0, "TokenBridge", Abi.address(GatewayMessage.hex(net.gateways.get(0))));
    bridgeB = net.deploy(1, "TokenBridge", Abi.address(GatewayMessage.hex(net.gateways.get(1))));
    ok(net.sender(0, 0), bridgeA, "setPeer(uint64,address)", Abi.uint64(31338), addr(bridgeB));
    ok(net.sender(1, 0), bridgeB, "setPeer(uint64,address)", Abi.uint64(31337), addr(bridgeA));
    ok(net.sender(0, 0), token, "mint(address,uint256)", addr(user), Abi.uint(10_000));
  }

  @AfterAll
  void stop() {
    if (net != null) {
      net.close();
    }
  }

  static byte[] addr(String a) {
    return Abi.address(GatewayMessage.hex(a));
  }

  static Receipt ok(TxSender s, String to, String signature, byte[]... words) throws Exception {
    List<Abi.Value> args = java.util.Arrays.stream(words).<Abi.Value>map(Abi.Static::new).toList();
    Receipt r = s.send(to, GatewayAbi.call(signature, args));
    assertTrue(r.success(), signature);
    return r;
  }

  private BigInteger balance(int chain, String tokenAddress, String owner) {
    return GatewayAbi.decodeUint(
        net.call(
            chain,
            tokenAddress,
            GatewayAbi.call("balanceOf(address)", List.of(new Abi.Static(addr(owner))))));
  }

  private String wrapped() {
    byte[] r =
        net.call(
            1,
            bridgeB,
            GatewayAbi.call(
                "wrappedOf(uint64,address)",
                List.of(new Abi.Static(Abi.uint64(31337)), new Abi.Static(addr(token)))));
    return GatewayMessage.toHex(Abi.readAddress(r, 0));
  }

  private GatewayMessage lock(long amount) throws Exception {
    TxSender u = net.sender(0, 8);
    ok(u, token, "approve(address,uint256)", addr(bridgeA), Abi.uint(amount));
    Receipt r =
        ok(
            u,
            bridgeA,
            "lock(address,uint256,uint64,address)",
            addr(token),
            Abi.uint(amount),
            Abi.uint64(31338),
            addr(user));
    return TestNet.messageOf(r);
  }

  private void deliver(int chain, GatewayMessage m) throws Exception {
    var report =
        net.deliverer(chain).deliver(new Batch(net.chainId(chain), 0, ++height, List.of(m)));
    assertEquals(List.of(GatewayMessage.toHex(m.id())), report.executed());
  }

  @Test
  void lockMintBurnReleaseWithAGovernorDelay() throws Exception {
    Governor governor = new Governor(Duration.ofHours(24));
    governor.setLimit(
        31337, 31337, token, new Governor.Limit(BigInteger.valueOf(1000), Duration.ofHours(1)));
    long now = 1_000_000;

    GatewayMessage first = lock(700);
    assertInstanceOf(Governor.Release.class, governor.admit(first, now));
    deliver(1, first);
    String wrapped = wrapped();
    assertEquals(BigInteger.valueOf(700), balance(1, wrapped, user));
    assertEquals(BigInteger.valueOf(9_300), balance(0, token, user));

    GatewayMessage second = lock(500); // 1200 in the window > 1000
    Governor.Decision d = governor.admit(second, now + 1);
    assertEquals(new Governor.Delayed(now + 1 + Duration.ofHours(24).toMillis()), d);
    assertEquals(GatewayMessage.toHex(second.id()), governor.queue().get(0).id());
    assertTrue(governor.releaseDue(now + 2).isEmpty());
    assertEquals(BigInteger.valueOf(700), balance(1, wrapped, user), "held back");
    List<GatewayMessage> due = governor.releaseDue(now + 1 + Duration.ofHours(24).toMillis());
    assertEquals(List.of(second), due);
    deliver(1, due.get(0));
    assertEquals(BigInteger.valueOf(1_200), balance(1, wrapped, user));

    Receipt burn =
        ok(
            net.sender(1, 8),
            bridgeB,
            "burn(address,uint256,address)",
            addr(wrapped),
            Abi.uint(1_200),
            addr(user));
    GatewayMessage back = TestNet.messageOf(burn);
    assertEquals(31337, back.destChainId());
    assertEquals(BigInteger.ZERO, balance(1, wrapped, user));
    assertInstanceOf(Governor.Release.class, governor.admit(back, now + 3));
    deliver(0, back);
    assertEquals(BigInteger.valueOf(10_000), balance(0, token, user));
    assertEquals(BigInteger.ZERO, balance(0, token, bridgeA));
  }
}

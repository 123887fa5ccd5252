package io.trestle.relayer.it;

import io.trestle.relayer.chain.LogEntry;
import io.trestle.relayer.chain.Receipt;
import io.trestle.relayer.chain.Web3jChainRpc;
import io.trestle.relayer.contracts.Abi;
import io.trestle.relayer.contracts.ContractArtifact;
import io.trestle.relayer.contracts.GatewayAbi;
import io.trestle.relayer.contracts.GatewayMessage;
import io.trestle.relayer.deliver.EvmKey;
import io.trestle.relayer.deliver.FeePolicy;
import io.trestle.relayer.deliver.TxSender;
import io.trestle.relayer.localchain.Deployer;
import io.trestle.relayer.localchain.LocalChain;
import io.trestle.relayer.localchain.LocalChains;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test fixture, also used by bridge-app's integration tests (relayer test-jar): k local chains,
 * each with a TrestleGateway whose committee is dev keys 4..7 (weight 1 each), deployed by dev key
 * 0. Dev keys 8 and 9 are users.
 */
public final class TestNet implements AutoCloseable {
  public static final byte[] COMMITTEE_ID = Abi.keccak("trestle-it-committee".getBytes());
  public static final FeePolicy FEES =
      new FeePolicy(BigInteger.valueOf(200_000_000_000L), BigInteger.valueOf(5_000_000_000L), 12);
  static final long EXECUTION_GAS = 1_500_000;

  public final LocalChains chains;
  public final List<Web3jChainRpc> rpcs = new ArrayList<>();
  public final List<String> gateways = new ArrayList<>();
  public final List<EvmKey> committee = new ArrayList<>();

  public TestNet(long... chainIds) throws InterruptedException {
    List<Long> ids = Arrays.stream(chainIds).boxed().toList();
    chains = LocalChains.start(LocalChains.relayerDir(), ids, Duration.ofSeconds(90));
    try {
      for (int i = 4; i < 8; i++) {
        committee.add(EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(i)));
      }
      for (int c = 0; c < ids.size(); c++) {
        rpcs.add(chains.get(c).rpc());
        gateways.add(
            Deployer.deploy(
                sender(c, 0),
                ContractArtifact.load("TrestleGateway"),
                GatewayAbi.constructorArgs(
                    COMMITTEE_ID,
                    0,
                    committee.stream().map(EvmKey::address).toList(),
                    List.of(1L, 1L, 1L, 1L),
                    EXECUTION_GAS)));
      }
    } catch (RuntimeException | InterruptedException e) {
      close(); // no hardhat node outlives a failed set-up
      throw e;
    }
  }

  /** The gateway of chain {@code c}'s view of message {@code m}. */
  public GatewayAbi.Status status(int c, GatewayMessage m) {
    return GatewayAbi.decodeStatus(call(c, gateways.get(c), GatewayAbi.status(m.id())));
  }

  /** A deliverer to chain {@code c} submitting with committee member 0, all 4 members signing. */
  io.trestle.relayer.deliver.Deliverer deliverer(int c) {
    return new io.trestle.relayer.deliver.Deliverer(
        rpcs.get(c),
        gateways.get(c),
        COMMITTEE_ID,
        new io.trestle.relayer.deliver.LocalSignatureCollector(committee),
        sender(c, committee.get(0)),
        Duration.ofSeconds(1));
  }

  long chainId(int c) {
    return chains.get(c).chainId();
  }

  public TxSender sender(int chain, int devKey) {
    return sender(chain, EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(devKey)));
  }

  public TxSender sender(int chain, EvmKey key) {
    return new TxSender(
        rpcs.get(chain),
        chainId(chain),
        key,
        FEES,
        Duration.ofSeconds(10),
        Duration.ofMillis(50),
        3,
        d -> Thread.sleep(d.toMillis()));
  }

  public String deploy(int chain, String name, byte[] args) throws InterruptedException {
    return Deployer.deploy(sender(chain, 0), ContractArtifact.load(name), args);
  }

  /** Sends a message from dev key {@code devKey} on chain {@code from}; returns it as emitted. */
  public GatewayMessage send(
      int from, int devKey, long destChainId, String recipient, byte[] payload)
      throws InterruptedException {
    Receipt r =
        sender(from, devKey)
            .send(gateways.get(from), GatewayAbi.send(destChainId, recipient, payload));
    if (!r.success()) {
      throw new AssertionError("send reverted");
    }
    return messageOf(r);
  }

  static GatewayMessage messageOf(Receipt r) {
    for (LogEntry log : r.logs()) {
      if (log.topics().get(0).equals(GatewayMessage.toHex(GatewayAbi.MESSAGE_SENT_TOPIC))) {
        GatewayMessage m = GatewayMessage.decode(GatewayMessage.hex(log.data()));
        if (!log.topics().get(1).equals(GatewayMessage.toHex(m.id()))) {
          throw new AssertionError("emitted id differs from Java's id of " + m);
        }
        return m;
      }
    }
    throw new AssertionError("no MessageSent in " + r);
  }

  public byte[] call(int chain, String to, byte[] data) {
    return rpcs.get(chain).call(to, data);
  }

  public void mine(int chain, int blocks) {
    for (int i = 0; i < blocks; i++) {
      rpcs.get(chain).raw("evm_mine", List.of());
    }
  }

  @Override
  public void close() {
    rpcs.forEach(Web3jChainRpc::close);
    chains.close();
  }
}

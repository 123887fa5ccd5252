package io.trestle.app.it;

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
import java.util.List;

/**
 * Real local chains for the app's integration test: hardhat nodes (the relayer's {@link
 * LocalChains}), each with a TrestleGateway whose committee is hardhat dev keys 4..7 (weight 1),
 * deployed by dev key 0; dev key 8 sends messages.
 */
final class HardhatNet implements AutoCloseable {
  static final byte[] COMMITTEE_ID = Abi.keccak("trestle-app-it".getBytes());
  static final FeePolicy FEES =
      new FeePolicy(BigInteger.valueOf(200_000_000_000L), BigInteger.valueOf(5_000_000_000L), 12);

  final LocalChains chains;
  final List<Web3jChainRpc> rpcs = new ArrayList<>();
  final List<String> gateways = new ArrayList<>();
  final List<EvmKey> committee = new ArrayList<>();

  HardhatNet(List<Long> chainIds) throws InterruptedException {
    chains = LocalChains.start(LocalChains.relayerDir(), chainIds, Duration.ofSeconds(90));
    try {
      for (int i = 4; i < 8; i++) {
        committee.add(EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(i)));
      }
      for (int c = 0; c < chainIds.size(); c++) {
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
                    1_500_000)));
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  TxSender sender(int chain, int devKey) {
    return new TxSender(
        rpcs.get(chain),
        chains.get(chain).chainId(),
        EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(devKey)),
        FEES,
        Duration.ofSeconds(10),
        Duration.ofMillis(50),
        3,
        d -> Thread.sleep(d.toMillis()));
  }

  String deploy(int chain, String name) throws InterruptedException {
    return Deployer.deploy(sender(chain, 0), ContractArtifact.load(name), new byte[0]);
  }

  /** Sends a message from dev key 8 on chain {@code from} and mines blocks on top of it. */
  GatewayMessage send(int from, long destChainId, String recipient, byte[] payload)
      throws InterruptedException {
    Receipt r =
        sender(from, 8).send(gateways.get(from), GatewayAbi.send(destChainId, recipient, payload));
    if (!r.success()) {
      throw new AssertionError("send reverted");
    }
    for (int i = 0; i < 2; i++) {
      rpcs.get(from).raw("evm_mine", List.of());
    }
    for (LogEntry log : r.logs()) {
      if (log.topics().get(0).equals(GatewayMessage.toHex(GatewayAbi.MESSAGE_SENT_TOPIC))) {
        return GatewayMessage.decode(GatewayMessage.hex(log.data()));
      }
    }
    throw new AssertionError("no MessageSent in " + r);
  }

  /** The gateway of chain {@code c}'s view of message {@code m}. */
  GatewayAbi.Status status(int c, GatewayMessage m) {
    return GatewayAbi.decodeStatus(rpcs.get(c).call(gateways.get(c), GatewayAbi.status(m.id())));
  }

  @Override
  public void close() {
    rpcs.forEach(Web3jChainRpc::close);
    chains.close();
  }
}

package io.trestle.relayer.node;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.Member;
import io.trestle.relayer.deliver.EvmKey;
import io.trestle.relayer.deliver.FeePolicy;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Everything one relayer node needs to run; {@link RelayerConfigFile#load} reads it from a file,
 * the app may build it from its own settings. Immutable.
 *
 * @param identityKeyPkcs8 this node's Ed25519 identity (PKCS#8, RFC 8410): consensus signatures and
 *     the committee-pinned TLS key; must be a committee member's key
 * @param evmKey this node's secp256k1 key: attestation signatures and delivery transactions; must
 *     be the EVM address of the same member
 * @param committee the genesis committee: per member the Ed25519 key, the EVM address, the endpoint
 *     and the weight (signer i = member i)
 * @param listen where this node accepts its peers' connections
 * @param peers member index → address to dial instead of the member's committee endpoint
 * @param dataDir consensus storage, watcher cursors, transaction journals, delivery progress and
 *     the governor's queue
 * @param chains the chains this node watches and delivers to
 * @param timing consensus and delivery timing
 * @param fees fee caps applied on every chain
 * @param governor value limits; {@link Governor#none()} for none
 */
public record RelayerNodeConfig(
    byte[] identityKeyPkcs8,
    EvmKey evmKey,
    Committee committee,
    InetSocketAddress listen,
    Map<Integer, InetSocketAddress> peers,
    Path dataDir,
    List<Chain> chains,
    Timing timing,
    FeePolicy fees,
    Governor governor) {

  /**
   * One chain.
   *
   * @param chainId EIP-155 chain id (checked against eth_chainId at start)
   * @param rpcUrls JSON-RPC endpoints, in order of preference (failover)
   * @param gateway the TrestleGateway address on this chain
   * @param confirmations blocks on top of a MessageSent log before it is observed
   * @param startBlock first block to scan when the watcher has no cursor yet
   */
  public record Chain(
      long chainId, List<String> rpcUrls, String gateway, int confirmations, long startBlock) {
    public Chain {
      rpcUrls = List.copyOf(rpcUrls);
      if (rpcUrls.isEmpty()) {
        throw new IllegalArgumentException("chain " + chainId + " has no RPC URL");
      }
      if (confirmations < 0 || startBlock < 0) {
        throw new IllegalArgumentException("chain " + chainId + ": negative confirmations/start");
      }
    }
  }

  /**
   * @param consensusBaseTimeout view timer after a successful view
   * @param watcherPoll pause between watcher polls when caught up
   * @param fallbackTimeout how long each submitter rank waits before stepping in
   * @param signatureTimeout how long the submitter waits for a quorum of attestation signatures
   * @param receiptTimeout how long a transaction may stay unmined before its fees are bumped
   * @param retryBackoff pause before retrying a failed delivery
   */
  public record Timing(
      Duration consensusBaseTimeout,
      Duration watcherPoll,
      Duration fallbackTimeout,
      Duration signatureTimeout,
      Duration receiptTimeout,
      Duration retryBackoff) {
    public static Timing defaults() {
      return new Timing(
          Duration.ofSeconds(1),
          Duration.ofMillis(500),
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofSeconds(2));
    }
  }

  /**
   * Governor settings.
   *
   * @param delay how long a message over its limit waits
   * @param limits value limits per (source chain, token)
   */
  public record Governor(Duration delay, List<Limit> limits) {
    public Governor {
      limits = List.copyOf(limits);
    }

    /** No limit: every message passes. */
    public static Governor none() {
      return new Governor(Duration.ofHours(24), List.of());
    }
  }

  /**
   * A value limit of {@code token} (native on {@code originChainId}) leaving {@code sourceChainId}.
   */
  public record Limit(
      long sourceChainId, long originChainId, String token, BigInteger maxValue, Duration window) {}

  public RelayerNodeConfig {
    identityKeyPkcs8 = identityKeyPkcs8.clone();
    peers = Map.copyOf(peers);
    chains = List.copyOf(chains);
    long distinct = chains.stream().mapToLong(Chain::chainId).distinct().count();
    if (distinct != chains.size()) {
      throw new IllegalArgumentException("a chain id is configured twice");
    }
  }

  @Override
  public byte[] identityKeyPkcs8() {
    return identityKeyPkcs8.clone();
  }

  /** The configured chain {@code chainId}, if any. */
  public java.util.Optional<Chain> chain(long chainId) {
    return chains.stream().filter(c -> c.chainId() == chainId).findFirst();
  }

  /** The EVM address (0x, lower case) of member {@code i}. */
  public String memberAddress(int i) {
    return "0x" + java.util.HexFormat.of().formatHex(committee.members().get(i).evmAddress());
  }

  /** Index of the member whose Ed25519 key is {@code publicKey}, or -1. */
  int memberIndex(byte[] publicKey) {
    List<Member> ms = committee.members();
    for (int i = 0; i < ms.size(); i++) {
      if (Arrays.equals(ms.get(i).ed25519Key(), publicKey)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "RelayerNodeConfig[evm="
        + evmKey.address()
        + ", listen="
        + listen
        + ", dataDir="
        + dataDir
        + ", chains="
        + chains
        + "]";
  }
}

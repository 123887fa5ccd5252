package io.trestle.relayer.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.ConsensusEngine;
import io.trestle.canonical.v1.Member;
import io.trestle.relayer.deliver.EvmKey;
import io.trestle.relayer.deliver.FeePolicy;
import io.trestle.relayer.localchain.LocalChain;
import io.trestle.verifier.ed25519.Ed25519KeyPair;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up refusals that need no chain: one line, nothing left running. */
class RelayerNodeStartTest {
  @TempDir Path dir;
  final SecureRandom random = new SecureRandom();
  final EvmKey evm = EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(4));

  RelayerNodeConfig config(Ed25519KeyPair identity, Ed25519KeyPair member, EvmKey key) {
    Committee committee =
        new Committee(
            new byte[32],
            0,
            ConsensusEngine.HOTSTUFF,
            List.of(
                new Member(
                    member.publicKey(),
                    HexFormat.of().parseHex(evm.address().substring(2)),
                    "127.0.0.1:1",
                    1)));
    return new RelayerNodeConfig(
        identity.encodePkcs8(),
        key,
        committee,
        new InetSocketAddress("127.0.0.1", 0),
        Map.of(),
        dir,
        List.of(),
        RelayerNodeConfig.Timing.defaults(),
        new FeePolicy(BigInteger.TEN, BigInteger.ONE, 10),
        RelayerNodeConfig.Governor.none());
  }

  @Test
  void anIdentityOutsideTheCommitteeIsRefused() {
    Ed25519KeyPair member = Ed25519KeyPair.generate(random);
    RelayerNode n =
        new RelayerNode(
            config(Ed25519KeyPair.generate(random), member, evm), NodeListener.ignoring());
    var e = assertThrows(RelayerNode.StartException.class, n::start);
    assertEquals("identity key is not a committee member", e.getMessage());
    n.close();
  }

  @Test
  void anEvmKeyThatIsNotTheMembersAddressIsRefused() {
    Ed25519KeyPair member = Ed25519KeyPair.generate(random);
    EvmKey other = EvmKey.fromPrivateKey(LocalChain.DEV_KEYS.get(5));
    RelayerNode n = new RelayerNode(config(member, member, other), NodeListener.ignoring());
    var e = assertThrows(RelayerNode.StartException.class, n::start);
    assertTrue(e.getMessage().startsWith("EVM key " + other.address() + " is not member 0"));
    assertThrows(IllegalStateException.class, n::start, "start is called once");
    n.close();
  }
}

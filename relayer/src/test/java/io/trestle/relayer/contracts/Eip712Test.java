package io.trestle.relayer.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.StructuredDataEncoder;

/** Our EIP-712 digests against web3j's StructuredDataEncoder (an independent implementation). */
class Eip712Test {
  static final String GATEWAY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  static final byte[] CID = HexFormat.of().parseHex("11".repeat(32));

  static byte[] web3j(String primaryType, String typeFields, String message) throws Exception {
    String json =
        """
        {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
        {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
        "%s":[%s]},
        "primaryType":"%s",
        "domain":{"name":"Trestle","version":"1","chainId":31338,"verifyingContract":"%s"},
        "message":{%s}}
        """
            .formatted(primaryType, typeFields, primaryType, GATEWAY, message);
    return new StructuredDataEncoder(json).hashStructuredData();
  }

  @Test
  void batchDigestEqualsWeb3j() throws Exception {
    byte[] root = HexFormat.of().parseHex("ab".repeat(32));
    Attestation a = new Attestation(CID, 3, 77, root, 31338);
    byte[] expected =
        web3j(
            "BatchAttestation",
            """
            {"name":"committeeId","type":"bytes32"},{"name":"epoch","type":"uint64"},
            {"name":"height","type":"uint64"},{"name":"root","type":"bytes32"},
            {"name":"destChainId","type":"uint64"}""",
            "\"committeeId\":\"0x%s\",\"epoch\":3,\"height\":77,\"root\":\"0x%s\",\"destChainId\":31338"
                .formatted("11".repeat(32), "ab".repeat(32)));
    assertArrayEquals(expected, Eip712.batchDigest(a, GATEWAY));
  }

  @Test
  void rotationAndPauseDigestsEqualWeb3j() throws Exception {
    String m1 = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
    String m2 = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
    byte[] expected =
        web3j(
            "CommitteeRotation",
            """
            {"name":"committeeId","type":"bytes32"},{"name":"newEpoch","type":"uint64"},
            {"name":"members","type":"address[]"},{"name":"weights","type":"uint64[]"}""",
            "\"committeeId\":\"0x%s\",\"newEpoch\":5,\"members\":[\"%s\",\"%s\"],\"weights\":[1,7]"
                .formatted("11".repeat(32), m1, m2));
    assertArrayEquals(
        expected, Eip712.rotationDigest(31338, GATEWAY, CID, 5, List.of(m1, m2), List.of(1L, 7L)));

    byte[] pause =
        web3j(
            "PauseChange",
            """
            {"name":"committeeId","type":"bytes32"},{"name":"epoch","type":"uint64"},
            {"name":"pauseNonce","type":"uint64"},{"name":"paused","type":"bool"}""",
            "\"committeeId\":\"0x%s\",\"epoch\":2,\"pauseNonce\":9,\"paused\":true"
                .formatted("11".repeat(32)));
    assertArrayEquals(pause, Eip712.pauseDigest(31338, GATEWAY, CID, 2, 9, true));
  }
}

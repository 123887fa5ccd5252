package io.trestle.verifier.cli;

import static io.trestle.verifier.cli.CliFixture.run;
import static io.trestle.verifier.cli.MainTest.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.canonical.v1.Committee;
import io.trestle.canonical.v1.MessageProof;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.verifier.cli.CliFixture.Result;
import io.trestle.verifier.proof.TestProofs;
import io.trestle.verifier.quorum.TestCommittee;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofCommandTest {
  private final TestCommittee committee = TestCommittee.ofSize(4, 31);
  private final Committee canonical = CliFixture.canonical(committee);
  private final MessageProof proof = TestProofs.proof(committee, TestProofs.messages(8, 6), 4, 42);

  @TempDir Path dir;

  private String write(String name, byte[] content) throws Exception {
    return Files.write(dir.resolve(name), content).toString();
  }

  private String write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content).toString();
  }

  @Test
  void validProofBinaryWithJsonCommittee() throws Exception {
    Result r =
        run(
            "",
            "proof",
            write("p.bin", proof.encode()),
            "--committee",
            write("c.json", CliFixture.json(canonical)));
    assertEquals(0, r.exit(), r.toString());
    assertEquals(
        "valid: message "
            + HexFormat.of().formatHex(proof.message().hash())
            + " committed at height 42 of epoch 7\n",
        r.out());
  }

  @Test
  void validProofHexWithAbiCommittee() throws Exception {
    String hexProof = "0x" + HexFormat.of().formatHex(proof.encode()) + "\n";
    assertEquals(
        0,
        run(
                "",
                "proof",
                write("p.hex", hexProof),
                "--committee",
                write("c.abi", canonical.encode()))
            .exit());
    String hexCommittee = HexFormat.of().formatHex(canonical.encode());
    assertEquals(
        0,
        run("", "proof", write("p.hex", hexProof), "--committee", write("c.hex", hexCommittee))
            .exit());
  }

  @Test
  void proofThroughACommittedDescendant() throws Exception {
    MessageProof chained =
        TestProofs.proofThroughDescendants(committee, TestProofs.messages(9, 6), 1, 42, 2);
    String committeeFile = write("c.json", CliFixture.json(canonical));
    Result ok =
        run("", "proof", write("chain.bin", chained.encode()), "--committee", committeeFile);
    assertEquals(0, ok.exit(), ok.toString());
    assertTrue(ok.out().endsWith(" committed at height 42 of epoch 7\n"), ok.out());

    MessageProof unlinked =
        new MessageProof(
            chained.message(),
            chained.path(),
            chained.header(),
            chained.commitQc(),
            chained.descendants().reversed());
    Result bad =
        run("", "proof", write("unlinked.bin", unlinked.encode()), "--committee", committeeFile);
    assertEquals(1, bad.exit(), bad.toString());
    assertEquals("invalid: BROKEN_CHAIN: descendant 0 is at height 44, not 43\n", bad.out());
  }

  @Test
  void invalidProofExitsOneWithOneLineWhy() throws Exception {
    QuorumCertificate weak = TestProofs.commitQc(committee, proof.header(), 1, 3);
    MessageProof bad =
        new MessageProof(proof.message(), proof.path(), proof.header(), weak, List.of());
    Result r =
        run(
            "",
            "proof",
            write("p.bin", bad.encode()),
            "--committee",
            write("c.json", CliFixture.json(canonical)));
    assertEquals(1, r.exit());
    assertEquals(1, r.out().lines().count());
    assertTrue(r.out().startsWith("invalid: CERTIFICATE: commit QC INSUFFICIENT_WEIGHT"), r.out());
    // Another epoch's committee.
    Committee other =
        CliFixture.canonical(TestCommittee.withWeights(new long[] {1, 1, 1, 1}, 31, 8));
    Result e =
        run(
            "",
            "proof",
            write("p.bin", proof.encode()),
            "--committee",
            write("c8.json", CliFixture.json(other)));
    assertEquals(1, e.exit());
    assertTrue(e.out().startsWith("invalid: WRONG_EPOCH"), e.out());
  }

  @Test
  void badInputsExitTwo() throws Exception {
    String c = write("c.json", CliFixture.json(canonical));
    String p = write("p.bin", proof.encode());
    assertBadInput(run("", "proof", p));
    assertBadInput(run("", "proof", "--committee", c));
    assertBadInput(run("", "proof", dir.resolve("missing").toString(), "--committee", c));
    assertBadInput(run("", "proof", write("g.bin", new byte[] {0, 1, 2}), "--committee", c));
    assertBadInput(run("", "proof", write("g.hex", "0xabc"), "--committee", c));
    byte[] truncated = java.util.Arrays.copyOf(proof.encode(), proof.encode().length - 32);
    assertBadInput(run("", "proof", write("t.bin", truncated), "--committee", c));
    assertBadInput(run("", "proof", p, "--committee", write("bad.json", "{\"committeeId\": ")));
    String json = CliFixture.json(canonical);
    assertBadInput(
        run(
            "",
            "proof",
            p,
            "--committee",
            write("x.json", json.replace("\"engine\"", "\"engin\""))));
    assertBadInput(
        run(
            "",
            "proof",
            p,
            "--committee",
            write("w.json", json.replace("\"weight\": 1}", "\"weight\": -1}"))));
    assertBadInput(
        run(
            "",
            "proof",
            p,
            "--committee",
            write("w2.json", json.replace("\"weight\": 1}", "\"weight\": 18446744073709551616}"))));
    assertBadInput(
        run(
            "",
            "proof",
            p,
            "--committee",
            write("w3.json", json.replace("\"weight\": 1}", "\"weight\": 1e999999999}"))));
    assertBadInput(
        run(
            "",
            "proof",
            p,
            "--committee",
            write("w4.json", json.replace("\"weight\": 1}", "\"weight\": 0}"))));
    // Identity key (small order): refused as a committee member.
    String ident = "01" + "00".repeat(31);
    String key0 = HexFormat.of().formatHex(canonical.members().get(0).ed25519Key());
    assertBadInput(run("", "proof", p, "--committee", write("s.json", json.replace(key0, ident))));
    assertBadInput(run("", "proof", p, "--committee", write("d.json", "{".repeat(100))));
    assertBadInput(run("", "proof", p, "--committee", write("e.json", "")));
  }

  @Test
  void maxUint64WeightIsAccepted() throws Exception {
    String json =
        CliFixture.json(canonical).replace("\"weight\": 1}", "\"weight\": 18446744073709551615}");
    Result r =
        run("", "proof", write("p.bin", proof.encode()), "--committee", write("m.json", json));
    // Every member now has weight 2^64-1: 3 of 4 is still a quorum.
    assertEquals(0, r.exit(), r.toString());
  }
}

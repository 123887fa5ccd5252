package io.trestle.verifier.cli;

import io.trestle.canonical.v1.MessageProof;
import io.trestle.canonical.v1.QuorumCertificate;
import io.trestle.verifier.proof.TestProofs;
import io.trestle.verifier.quorum.TestCommittee;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a sample committee and proofs for the jlink image's AOT training run, its start-up
 * measurements and {@code TrestleVerifyIT}: {@code committee.json}, {@code proof.bin} (valid, a
 * 67-member committee, 45 signers, 100-message block), {@code invalid-proof.bin} (one signature
 * broken), and {@code committee-4.json} with {@code proof-4.bin} (4 members, 3 signers, 10
 * messages: the smallest BFT committee).
 *
 * <p>Usage: {@code java -cp <test classpath> io.trestle.verifier.cli.SampleFiles <dir>}.
 */
public final class SampleFiles {
  private SampleFiles() {}

  public static void main(String[] args) throws IOException {
    write(Path.of(args[0]));
  }

  static void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    TestCommittee committee = TestCommittee.ofSize(67, 2026);
    MessageProof base = TestProofs.proof(committee, TestProofs.messages(2026, 100), 37, 1000);
    int[] signers = new int[45];
    for (int i = 0; i < signers.length; i++) {
      signers[i] = i;
    }
    QuorumCertificate qc = TestProofs.commitQc(committee, base.header(), signers);
    MessageProof proof =
        new MessageProof(base.message(), base.path(), base.header(), qc, List.of());
    Files.write(dir.resolve("proof.bin"), proof.encode());
    Files.writeString(
        dir.resolve("committee.json"), CliFixture.json(CliFixture.canonical(committee)));
    java.util.List<byte[]> sigs = new java.util.ArrayList<>(qc.signatures());
    byte[] broken = sigs.get(44).clone();
    broken[5] ^= 1;
    sigs.set(44, broken);
    MessageProof invalid =
        new MessageProof(
            proof.message(),
            proof.path(),
            proof.header(),
            new QuorumCertificate(qc.data(), qc.signers(), sigs),
            List.of());
    Files.write(dir.resolve("invalid-proof.bin"), invalid.encode());
    TestCommittee four = TestCommittee.ofSize(4, 4);
    Files.write(
        dir.resolve("proof-4.bin"),
        TestProofs.proof(four, TestProofs.messages(4, 10), 3, 77).encode());
    Files.writeString(dir.resolve("committee-4.json"), CliFixture.json(CliFixture.canonical(four)));
  }
}

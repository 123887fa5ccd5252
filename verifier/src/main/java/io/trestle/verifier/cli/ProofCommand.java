package io.trestle.verifier.cli;

import io.trestle.abi.runtime.AbiDecodeException;
import io.trestle.canonical.v1.MessageProof;
import io.trestle.verifier.proof.MessageProofVerifier;
import io.trestle.verifier.proof.ProofVerdict;
import io.trestle.verifier.quorum.CertificateVerifier;
import io.trestle.verifier.quorum.CommitteeView;
import io.trestle.verifier.quorum.InvalidCommitteeException;
import io.trestle.verifier.quorum.QuorumVerifier;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** {@code proof <file> --committee <file>}: verifies a message proof offline. */
final class ProofCommand {
  private ProofCommand() {}

  /**
   * Prints {@code valid: <what was proven>} and returns 0, or {@code invalid: <REASON>: <detail>}
   * and returns 1; unreadable files and malformed encodings are bad input (exit 2).
   */
  static int run(List<String> argv, PrintStream out) throws BadInputException {
    Args a = Args.parse(argv, Set.of("committee"));
    a.expectPositionals(1, "trestle-verify proof <file> --committee <file>");
    String committeeFile = a.required("committee");
    byte[] proofBytes = InputFiles.abiBytes(InputFiles.read(a.positionals().get(0), "proof file"));
    MessageProof proof;
    try {
      proof = MessageProof.decode(proofBytes);
    } catch (AbiDecodeException e) {
      throw new BadInputException(
          "proof file is not an ABI-encoded MessageProof: " + e.getMessage(), e);
    }
    CommitteeView committee;
    try {
      committee = CommitteeView.of(CommitteeFiles.load(committeeFile));
    } catch (InvalidCommitteeException e) {
      throw new BadInputException("committee file " + committeeFile + ": " + e.getMessage(), e);
    }
    ProofVerdict verdict =
        new MessageProofVerifier(new CertificateVerifier(new QuorumVerifier()))
            .verify(proof, committee);
    out.println((verdict.isValid() ? "valid: " : "invalid: ") + verdict);
    return verdict.isValid() ? Main.EXIT_VALID : Main.EXIT_INVALID;
  }
}

package io.trestle.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trestle.consensus.core.Ed25519Signatures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A few mixed-fault seeds with real Ed25519 (the verifier's implementation) for every signature and
 * certificate check, so that the fake crypto of {@link SimulationTest} hides nothing about what is
 * signed and verified.
 */
class RealCryptoSimulationTest {
  @ParameterizedTest(name = "seed {0} n={1}")
  @CsvSource({"3, 4", "5, 4", "1, 7"})
  void mixedFaultsWithRealSignatures(long seed, int n) {
    SimResult r =
        new Simulation(
                SimOptions.mixed(seed, n), TestCommittee::realSigner, Ed25519Signatures.VERIFIER)
            .run();
    assertTrue(r.committedHeight() > 0, "nothing committed: " + r);
  }
}

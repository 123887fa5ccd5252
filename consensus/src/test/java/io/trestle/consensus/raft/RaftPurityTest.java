package io.trestle.consensus.raft;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Raft engine and the epoch switch are as pure as the HotStuff engine: no framework, transport,
 * thread, clock, randomness, file I/O or logging; and Raft does not know the switch.
 */
class RaftPurityTest {
  private static final String[] PURE = {
    "io.trestle.consensus.raft..", "io.trestle.consensus.epoch.."
  };
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.trestle.consensus.raft", "io.trestle.consensus.epoch");
  }

  @Test
  void noFrameworksTransportsIoOrConcurrency() {
    noClasses()
        .that()
        .resideInAnyPackage(PURE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.netty..",
            "org.springframework..",
            "org.web3j..",
            "io.r2dbc..",
            "reactor..",
            "org.slf4j..",
            "java.util.logging..",
            "java.util.concurrent..",
            "java.nio.file..",
            "java.net..",
            "io.trestle.proto..",
            "io.trestle.consensus.net..",
            "io.trestle.consensus.store..",
            "io.trestle.consensus.driver..",
            "io.trestle.consensus.node..")
        .check(classes);
  }

  @Test
  void noThreadsClocksOrRandomness() {
    noClasses()
        .that()
        .resideInAnyPackage(PURE)
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.Thread")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Instant")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.Random")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.util.SplittableRandom")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.security.SecureRandom")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(Math.class, "random")
        .check(classes);
  }

  @Test
  void raftDoesNotDependOnTheSwitchOrHotStuff() {
    noClasses()
        .that()
        .resideInAPackage("io.trestle.consensus.raft..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.trestle.consensus.epoch..", "io.trestle.consensus.hotstuff..")
        .check(classes);
  }
}

package io.trestle.consensus.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine API ({@code core}) and the HotStuff engine are pure: no framework, transport, thread,
 * clock, randomness, file I/O or logging; and the API does not depend on an implementation.
 */
class EnginePurityTest {
  private static final String[] PURE = {
    "io.trestle.consensus.core..", "io.trestle.consensus.hotstuff.."
  };
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.trestle.consensus.core", "io.trestle.consensus.hotstuff");
  }

  @Test
  void noFrameworksTransportsOrLogging() {
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
            "io.trestle.proto..")
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
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.System$Logger")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(Math.class, "random")
        .check(classes);
  }

  @Test
  void theEngineApiDoesNotDependOnAnImplementation() {
    noClasses()
        .that()
        .resideInAPackage("io.trestle.consensus.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.trestle.consensus.hotstuff..",
            "io.trestle.consensus.raft..",
            "io.trestle.consensus.net..",
            "io.trestle.consensus.store..",
            "io.trestle.consensus.driver..",
            "io.trestle.consensus.node..")
        .check(classes);
  }
}

package io.trestle.consensus.net;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The build refuses a wrong arrow: Netty stays in the transport, the engine stays pure. */
class NettyConfinementArchTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.trestle.consensus");

  @Test
  void nettyIsUsedOnlyInTheNetPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.trestle.consensus.net..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty..")
        .allowEmptyShould(true)
        .check(MAIN);
  }

  @Test
  void theEngineDoesNotDependOnTheNodeSide() {
    noClasses()
        .that()
        .resideInAnyPackage("io.trestle.consensus.core..", "io.trestle.consensus.hotstuff..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.trestle.consensus.net..",
            "io.trestle.consensus.store..",
            "io.trestle.consensus.driver..",
            "io.trestle.consensus.node..")
        .allowEmptyShould(true)
        .check(MAIN);
  }

  @Test
  void storageKnowsNothingOfTheNetwork() {
    noClasses()
        .that()
        .resideInAPackage("io.trestle.consensus.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.trestle.consensus.net..", "io.trestle.consensus.driver..")
        .allowEmptyShould(true)
        .check(MAIN);
  }
}

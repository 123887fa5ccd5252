package io.trestle.verifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The verifier's main code runs on an air-gapped JDK: it may use java.* and our own io.trestle.*
 * code only (generated canonical records and the ABI runtime included), and its packages form no
 * cycle: cli -> proof -> quorum -> ed25519, merkle.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPath(Path.of("target/classes"));

  private static final DescribedPredicate<JavaClass> JDK_OR_OURS =
      JavaClass.Predicates.resideInAnyPackage("java..", "io.trestle..")
          .or(DescribedPredicate.describe("primitive", JavaClass::isPrimitive))
          .or(
              DescribedPredicate.describe(
                  "array of allowed types",
                  (JavaClass c) ->
                      c.isArray()
                          && (c.getBaseComponentType().isPrimitive()
                              || c.getBaseComponentType()
                                  .getPackageName()
                                  .matches("(java|io\\.trestle)(\\..*)?"))));

  @Test
  void mainCodeUsesTheJdkAndOurCodeOnly() {
    classes()
        .that()
        .resideInAnyPackage("io.trestle.verifier..", "io.trestle.canonical..")
        .should()
        .onlyDependOnClassesThat(JDK_OR_OURS)
        .check(MAIN);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.trestle.(*)..").should().beFreeOfCycles().check(MAIN);
    slices().matching("io.trestle.verifier.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void layers() {
    noClasses()
        .that()
        .resideInAnyPackage("io.trestle.verifier.merkle..", "io.trestle.verifier.ed25519..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.trestle.verifier.quorum..",
            "io.trestle.verifier.proof..",
            "io.trestle.verifier.cli..")
        .check(MAIN);
    noClasses()
        .that()
        .resideInAnyPackage("io.trestle.verifier.quorum..", "io.trestle.verifier.proof..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.trestle.verifier.cli..")
        .check(MAIN);
  }
}

package io.trestle.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;

/** Structure rules of the application, checked on the compiled main classes. */
class ArchitectureTest {

  private static final JavaClasses APP =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.trestle.app");

  @Test
  void noBlockingCallsOnReactiveTypes() {
    noClasses()
        .should()
        .callMethodWhere(
            com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                    com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching(
                        "block|blockFirst|blockLast|blockOptional|toIterable|toStream"))
                .and(
                    com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                            com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo(
                                org.reactivestreams.Publisher.class)))))
        .because("handlers and services run on event-loop threads")
        .check(APP);
  }

  @Test
  void handlersDoNotTouchRepositories() {
    noClasses()
        .that()
        .resideInAnyPackage("io.trestle.app.api..", "io.trestle.app.admin..")
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                    "io.trestle.db..")
                .and(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith(
                        "Repository")))
        .because("handlers are thin: services own data access")
        .check(APP);
  }

  @Test
  void noPackageCycles() {
    SlicesRuleDefinition.slices()
        .matching("io.trestle.app.(*)..")
        .should()
        .beFreeOfCycles()
        .check(APP);
  }
}

package io.riffle.firehose;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Firehose's layering: {@code model} (generated), {@code partition} and {@code s3} (pure) <- {@code control} <- {@code data},
 * {@code delivery} <- the root package (the service and the wiring); no cycles, no other service's code,
 * no standard streams.
 */
class FirehoseArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.riffle.firehose");
    }

    @Test
    void thePackagesHaveNoCycles() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                return SliceIdentifier.of(javaClass.getPackageName());
            }

            @Override
            public String getDescription() {
                return "packages of io.riffle.firehose";
            }
        }).should().beFreeOfCycles().check(classes);
    }

    @Test
    void noOtherServiceIsUsedFromInside() {
        noClasses().should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("io.riffle.server..",
                        "io.riffle.kinesis..").and(DescribedPredicate.not(
                        JavaClass.Predicates.resideInAPackage("io.riffle.kinesis.source"))))
                .because("Firehose uses other services only through their public interfaces, wired by the server")
                .check(classes);
    }

    @Test
    void libraryCodeWritesNoStandardStreams() {
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(classes);
    }
}

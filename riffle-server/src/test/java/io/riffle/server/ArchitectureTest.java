package io.riffle.server;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
 * The layering the build guards (run by {@code bin/test} and {@code bin/test --fast} like any unit
 * test): no cycles between the server's packages (the Kinesis service's: riffle-kinesis'
 * KinesisArchitectureTest), no standard streams in library code (storage's internals:
 * {@link StorageApiBoundaryTest}). Checks the main classes only.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.riffle");
    }

    /** Each package of io.riffle.server is its own slice, so a subpackage and its parent may not depend on each other either. */
    private static final SliceAssignment SERVER_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.equals("io.riffle.server") || name.startsWith("io.riffle.server.")
                    ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of io.riffle.server";
        }
    };

    @Test
    void theServersPackagesHaveNoCycles() {
        slices().assignedFrom(SERVER_PACKAGES).should().beFreeOfCycles().check(classes);
    }

    @Test
    void libraryCodeWritesNoStandardStreams() {
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(classes);
    }
}

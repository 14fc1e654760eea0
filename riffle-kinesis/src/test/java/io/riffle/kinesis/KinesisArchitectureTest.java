package io.riffle.kinesis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
 * The layering of the Kinesis service, guarded like riffle-server's: no cycles between its
 * packages (model <- metrics <- control <- data <- data/subscribe; protocol), no
 * standard streams in library code. Checks the module's main classes only.
 */
class KinesisArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.riffle.kinesis");
    }

    /** Each package is its own slice, so a subpackage and its parent may not depend on each other either. */
    private static final SliceAssignment KINESIS_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            return name.startsWith("io.riffle.kinesis.") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages of io.riffle.kinesis";
        }
    };

    @Test
    void theServicesPackagesHaveNoCycles() {
        slices().assignedFrom(KINESIS_PACKAGES).should().beFreeOfCycles().check(classes);
    }

    @Test
    void libraryCodeWritesNoStandardStreams() {
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(classes);
    }

    @Test
    void theServiceKnowsNothingOfTheServerThatWiresIt() {
        noClasses().that().resideInAPackage("io.riffle.kinesis..")
                .should().dependOnClassesThat().resideInAPackage("io.riffle.server..").check(classes);
    }
}

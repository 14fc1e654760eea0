package io.riffle.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.riffle.storage.engine.EmbeddedLogStore;
import org.junit.jupiter.api.Test;

/**
 * Storage's public API is {@code io.riffle.storage} (and {@code io.riffle.storage.io}, the file
 * seam tests simulate a disk through); its {@code engine/} and {@code format/} packages are
 * internal: no class outside riffle-storage may use them. Checks every main class of the modules
 * on this test's class path (riffle-server and what it depends on).
 */
class StorageApiBoundaryTest {

    static final ArchRule NOTHING_OUTSIDE_STORAGE_USES_ITS_INTERNALS = noClasses()
            .that().resideOutsideOfPackage("io.riffle.storage..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("io.riffle.storage.engine..", "io.riffle.storage.format..")
            .because("storage's engine and on-disk formats are internal; use io.riffle.storage.LogStore");

    @Test
    void noModuleOutsideStorageUsesTheEngineOrTheFormats() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.riffle");
        assertThat(classes.contain(RiffleServer.class)).isTrue();
        NOTHING_OUTSIDE_STORAGE_USES_ITS_INTERNALS.check(classes);
    }

    /** A class that breaks the rule: the rule must say so (it is not vacuous). */
    static final class UsesTheEngine {
        Object store() {
            return EmbeddedLogStore.class;
        }
    }

    @Test
    void theRuleCatchesAUseOfTheEngine() {
        JavaClasses offender = new ClassFileImporter().importClasses(UsesTheEngine.class);
        assertThatThrownBy(() -> NOTHING_OUTSIDE_STORAGE_USES_ITS_INTERNALS.check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("EmbeddedLogStore");
    }
}

package io.riffle.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticAssetsTest {

    private final StaticAssets assets = new StaticAssets();

    @Test
    void servesThePagesAndTheVendoredLibrariesWithTheirTypes() {
        assertThat(assets.find("index.html")).hasValueSatisfying(a -> assertThat(a.contentType()).startsWith("text/html"));
        assertThat(assets.find("js/app.js")).hasValueSatisfying(a -> assertThat(a.contentType()).startsWith("text/javascript"));
        assertThat(assets.find("vendor/uPlot.iife.min.js")).isPresent();
        assertThat(assets.find("vendor/pico.min.css")).hasValueSatisfying(a -> assertThat(a.contentType()).startsWith("text/css"));
    }

    @Test
    void nothingOutsideTheConsoleAndNoUnknownTypes() {
        assertThat(assets.find("../ConsoleService.class")).isEmpty();
        assertThat(assets.find("js/../../web/index.html")).isEmpty();
        assertThat(assets.find("/etc/passwd")).isEmpty();
        assertThat(assets.find(".hidden.js")).isEmpty();
        assertThat(assets.find("vendor/uPlot-LICENSE")).isEmpty(); // no extension, no type
        assertThat(assets.find("missing.js")).isEmpty();
    }
}

package io.riffle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSettingsTest {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void configureAsAtStart() throws Exception {
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void levelsByLoggerNameAPackageCoveringItsClasses() {
        assertThat(LogSettings.parseLevels(" io.riffle.demo = DEBUG ,io.netty=warn,io.riffle.demo=trace"))
                .containsExactly(java.util.Map.entry("io.riffle.demo", Level.TRACE), java.util.Map.entry("io.netty", Level.WARN));
        assertThat(context.getLogger(LogSettings.ACCESS_LOGGER).isInfoEnabled()).as("off in logback.xml").isFalse();
        LogSettings.apply(true, "io.riffle.demo=debug,io.riffle.demo.quiet=off", "text");
        assertThat(context.getLogger(LogSettings.ACCESS_LOGGER).isInfoEnabled()).isTrue();
        assertThat(context.getLogger("io.riffle.demo").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("io.riffle.demo.Thing").isDebugEnabled()).isTrue();
        assertThat(context.getLogger("io.riffle.demo.quiet.Thing").isErrorEnabled()).isFalse();
    }

    @Test
    void jsonMakesEachEventOneJsonLine() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LogSettings.apply(false, null, "json");
            LoggerFactory.getLogger("io.riffle.demo").atInfo().addKeyValue("stream", "orders")
                    .log("created {} with {} shards", "orders", 4);
        } finally {
            System.setErr(stderr);
        }
        String line = captured.toString(StandardCharsets.UTF_8).strip();
        assertThat(line.lines()).hasSize(1);
        assertThat(line).startsWith("{").endsWith("}").contains("\"level\":\"INFO\"", "\"loggerName\":\"io.riffle.demo\"",
                "\"formattedMessage\":\"created orders with 4 shards\"", "\"stream\"", "\"orders\"");
    }
}

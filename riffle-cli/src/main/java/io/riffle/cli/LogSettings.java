package io.riffle.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The server's logging settings applied to logback (the CLI's SLF4J binding, configured by {@code logback.xml}):
 * {@code log-levels} sets the level of loggers by name, a package's name covering its classes
 * ({@code io.riffle.kinesis=debug,io.netty=warn}); {@code log-format=json} makes every line a JSON object (logback's
 * {@link JsonEncoder}: time, level, thread, logger, message, MDC and SLF4J key-values, exception) for log shippers;
 * {@code access-log=true} turns on the front door's access log.
 */
final class LogSettings {

    /** The front door's access log (riffle-aws {@code http/AccessLog}), off in {@code logback.xml}. */
    static final String ACCESS_LOGGER = "io.riffle.access";

    private LogSettings() {
    }

    /** {@code name=level} pairs, comma-separated, in order (a later pair for the same name wins). */
    static Map<String, Level> parseLevels(String text) {
        Map<String, Level> levels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return levels;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).trim();
            levels.put(name, Level.toLevel(pair.substring(eq + 1).trim().toUpperCase(Locale.ROOT)));
        }
        return levels;
    }

    /**
     * Applies the settings ({@code levels} and {@code format} were validated by the server's settings): the access
     * log first, so that {@code log-levels} may still set {@value #ACCESS_LOGGER}.
     */
    static void apply(boolean isAccessLogged, String levels, String format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding (a test's): its own configuration rules
        }
        if (isAccessLogged) {
            context.getLogger(ACCESS_LOGGER).setLevel(Level.INFO);
        }
        parseLevels(levels).forEach((name, level) -> context.getLogger(name).setLevel(level));
        if ("json".equals(format)) {
            useJson(context);
        }
    }

    private static void useJson(LoggerContext context) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            appenders.add(it.next());
        }
        for (Appender<ILoggingEvent> appender : appenders) {
            if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                json.setWithContext(false); // the logger context's name and properties: the same on every line
                json.setWithSequenceNumber(false);
                json.setWithNanoseconds(false);
                json.setWithMessage(false); // the pattern with {}: the formatted message instead
                json.setWithArguments(false);
                json.setWithFormattedMessage(true);
                json.start();
                stream.stop();
                stream.setEncoder(json);
                stream.start();
            }
        }
    }
}

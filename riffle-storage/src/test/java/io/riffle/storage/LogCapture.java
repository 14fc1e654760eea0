package io.riffle.storage;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Takes the WARN and ERROR lines a test expects out of the test output and keeps them for the
 * test to assert, so a passing run prints no warning it did not expect.
 *
 * <pre>
 * &#64;RegisterExtension
 * final LogCapture logs = LogCapture.of(Journal.class).expect(Level.ERROR, "No space left on device");
 * ...
 * assertThat(logs.messages(Level.ERROR)).singleElement().asString().contains("journal");
 * </pre>
 *
 * From each test's start to its end, the WARN and ERROR events of the named loggers are recorded
 * ({@link #events}); those matching an expectation (level and a regular expression found in the
 * message or its exception) are not printed. Any other event is printed as usual, so an
 * unexpected warning is never hidden. Lower levels are left alone. The test's own threads and
 * the ones it started log into the same capture; loggers are restored after each test.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private record Expectation(Level level, Pattern pattern) {
    }

    private final List<String> loggerNames;
    private final List<Expectation> expectations = new ArrayList<>();
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final List<Logger> attached = new ArrayList<>();
    private final List<Boolean> wasAdditive = new ArrayList<>();
    private Recorder recorder;

    private LogCapture(List<String> loggerNames) {
        this.loggerNames = loggerNames;
    }

    /** Captures the loggers of these classes (the SLF4J convention: one logger per class). */
    public static LogCapture of(Class<?>... loggers) {
        List<String> names = new ArrayList<>();
        for (Class<?> c : loggers) {
            names.add(c.getName());
        }
        return new LogCapture(names);
    }

    /** Captures loggers by name (a package name captures the loggers below it). */
    public static LogCapture ofNames(String... loggers) {
        return new LogCapture(List.of(loggers));
    }

    /** Events at {@code level} whose message or exception contains a match of {@code regex} are expected: not printed. */
    public LogCapture expect(Level level, String regex) {
        expectations.add(new Expectation(level, Pattern.compile(regex)));
        return this;
    }

    /** Every WARN and ERROR event of the captured loggers since the test started, in order. */
    public List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** The formatted messages of the captured events at {@code level}. */
    public List<String> messages(Level level) {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : events) {
            if (e.getLevel().equals(level)) {
                out.add(e.getFormattedMessage());
            }
        }
        return out;
    }

    /** The captured events that matched no expectation (they were printed too). */
    public List<ILoggingEvent> unexpected() {
        List<ILoggingEvent> out = new ArrayList<>();
        for (ILoggingEvent e : events) {
            if (!isExpected(e)) {
                out.add(e);
            }
        }
        return out;
    }

    private boolean isExpected(ILoggingEvent e) {
        String text = null;
        for (Expectation x : expectations) {
            if (!x.level().equals(e.getLevel())) {
                continue;
            }
            if (text == null) {
                text = e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
            if (x.pattern().matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        events.clear();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        recorder = new Recorder(root);
        recorder.setContext(root.getLoggerContext());
        recorder.start();
        for (String name : loggerNames) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            wasAdditive.add(logger.isAdditive());
            attached.add(logger);
            logger.addAppender(recorder);
            logger.setAdditive(false);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int i = 0; i < attached.size(); i++) {
            attached.get(i).detachAppender(recorder);
            attached.get(i).setAdditive(wasAdditive.get(i));
        }
        attached.clear();
        wasAdditive.clear();
        recorder.stop();
    }

    /** Records WARN and above; prints what is not expected, and every lower event, through the root's appenders. */
    private final class Recorder extends AppenderBase<ILoggingEvent> {
        private final Logger root;

        Recorder(Logger root) {
            this.root = root;
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                events.add(event);
                if (isExpected(event)) {
                    return;
                }
            }
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                it.next().doAppend(event);
            }
        }
    }
}

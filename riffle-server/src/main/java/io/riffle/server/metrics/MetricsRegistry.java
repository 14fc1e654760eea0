package io.riffle.server.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small metrics registry rendered in the Prometheus text exposition format 0.0.4: counter
 * families (a {@link LongAdder} per label set, in a {@link ConcurrentHashMap} keyed by the label
 * values) and gauge families whose samples are computed at scrape time.
 *
 * <p>Families are registered once (at startup; a name can be registered only once) and rendered
 * in registration order, with their {@code # HELP} and {@code # TYPE} lines; samples within a
 * family are sorted by label values so the text is deterministic. Counting is thread-safe and
 * lock-free; {@link #scrape()} may run on any thread, concurrently with counting.
 */
public final class MetricsRegistry {

    /** The Content-Type of {@link #scrape()}'s text. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(MetricsRegistry.class);
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Comparator<List<String>> BY_LABEL_VALUES = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private final Map<String, Family> byName = new ConcurrentHashMap<>();
    private final List<Family> families = new CopyOnWriteArrayList<>();

    /** A monotonic count; negative increments are ignored. */
    public static final class Counter {
        private final LongAdder adder = new LongAdder();

        public void inc() {
            adder.increment();
        }

        public void add(long n) {
            if (n > 0) {
                adder.add(n);
            }
        }

        public long value() {
            return adder.sum();
        }
    }

    /** Receives the samples of a gauge family at scrape time. */
    public interface Samples {
        /** One sample; the label values in the order of the family's label names. Duplicates add up. */
        void add(double value, String... labelValues);
    }

    private abstract static sealed class Family permits CounterFamily, GaugeFamily {
        final String name;
        final String help;
        final List<String> labelNames;

        Family(String name, String help, List<String> labelNames) {
            this.name = name;
            this.help = help;
            this.labelNames = labelNames;
        }

        abstract String type();

        /** The samples to render, sorted by label values. */
        abstract Map<List<String>, String> samples();

        List<String> checkedValues(String[] values) {
            if (values.length != labelNames.size()) {
                throw new IllegalArgumentException(name + " has labels " + labelNames + ", given "
                        + Arrays.toString(values));
            }
            return List.of(values); // rejects nulls
        }
    }

    /** The counters of one name, one per label set. */
    public static final class CounterFamily extends Family {
        private final ConcurrentHashMap<List<String>, Counter> children = new ConcurrentHashMap<>();

        private CounterFamily(String name, String help, List<String> labelNames) {
            super(name, help, labelNames);
        }

        /** The counter of these label values (created at 0 on first use). Cache it on hot paths. */
        public Counter labels(String... values) {
            List<String> key = checkedValues(values);
            Counter c = children.get(key);
            return c != null ? c : children.computeIfAbsent(key, k -> new Counter());
        }

        @Override
        String type() {
            return "counter";
        }

        @Override
        Map<List<String>, String> samples() {
            Map<List<String>, String> out = new TreeMap<>(BY_LABEL_VALUES);
            children.forEach((labels, counter) -> out.put(labels, Long.toString(counter.value())));
            return out;
        }
    }

    private static final class GaugeFamily extends Family {
        private final Consumer<Samples> source;

        GaugeFamily(String name, String help, List<String> labelNames, Consumer<Samples> source) {
            super(name, help, labelNames);
            this.source = source;
        }

        @Override
        String type() {
            return "gauge";
        }

        @Override
        Map<List<String>, String> samples() {
            Map<List<String>, Double> values = new TreeMap<>(BY_LABEL_VALUES);
            try {
                source.accept((value, labelValues) -> values.merge(checkedValues(labelValues), value, Double::sum));
            } catch (RuntimeException e) {
                log.warn("gauge {} failed to report; rendered without samples", name, e);
                return Map.of();
            }
            Map<List<String>, String> out = new TreeMap<>(BY_LABEL_VALUES);
            values.forEach((labels, value) -> out.put(labels, formatDouble(value)));
            return out;
        }
    }

    /** Registers a counter family. */
    public CounterFamily counter(String name, String help, String... labelNames) {
        return register(new CounterFamily(name, help, checkedLabelNames(labelNames)));
    }

    /** Registers a gauge family whose samples {@code source} reports at each scrape (keep it cheap). */
    public void gauge(String name, String help, List<String> labelNames, Consumer<Samples> source) {
        Objects.requireNonNull(source, "source");
        register(new GaugeFamily(name, help, checkedLabelNames(labelNames.toArray(String[]::new)), source));
    }

    private synchronized <F extends Family> F register(F family) {
        if (!METRIC_NAME.matcher(family.name).matches()) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + family.name);
        }
        if (byName.putIfAbsent(family.name, family) != null) {
            throw new IllegalArgumentException("metric " + family.name + " is already registered");
        }
        families.add(family);
        return family;
    }

    private static List<String> checkedLabelNames(String[] names) {
        for (String n : names) {
            if (!LABEL_NAME.matcher(n).matches() || n.startsWith("__")) {
                throw new IllegalArgumentException("not a Prometheus label name: " + n);
            }
        }
        return List.of(names);
    }

    /** All families and their samples in the text exposition format 0.0.4, UTF-8. */
    public byte[] scrape() {
        return render().getBytes(StandardCharsets.UTF_8);
    }

    /** See {@link #scrape()}. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        for (Family f : families) {
            out.append("# HELP ").append(f.name).append(' ');
            escapeHelp(f.help, out);
            out.append("\n# TYPE ").append(f.name).append(' ').append(f.type()).append('\n');
            for (Map.Entry<List<String>, String> sample : f.samples().entrySet()) {
                out.append(f.name);
                List<String> values = sample.getKey();
                if (!values.isEmpty()) {
                    out.append('{');
                    for (int i = 0; i < values.size(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        out.append(f.labelNames.get(i)).append("=\"");
                        escapeLabelValue(values.get(i), out);
                        out.append('"');
                    }
                    out.append('}');
                }
                out.append(' ').append(sample.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    /** HELP text: backslash and line feed escaped. */
    static void escapeHelp(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** Label values: backslash, double quote and line feed escaped. */
    static void escapeLabelValue(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** Integral values without a fraction; NaN and infinities as the format spells them. */
    static String formatDouble(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}

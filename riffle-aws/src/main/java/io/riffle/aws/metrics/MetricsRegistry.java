package io.riffle.aws.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small metrics registry rendered in the Prometheus text exposition format 0.0.4: counter
 * families (a {@link LongAdder} per label set, in a {@link ConcurrentHashMap} keyed by the label
 * values), and gauge and counter families whose samples are read at scrape time.
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
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

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

    private abstract static sealed class Family permits CounterFamily, ComputedFamily, HistogramFamily {
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

        /** Writes the family's sample lines: one per label set, by default. */
        void renderSamples(StringBuilder out) {
            for (Map.Entry<List<String>, String> sample : samples().entrySet()) {
                sampleLine(out, name, labelNames, sample.getKey(), null, null, sample.getValue());
            }
        }

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

        /** Drops the counters whose value of label {@code index} is gone; a counter kept elsewhere counts on unseen. */
        void forget(int index, Predicate<String> isGone) {
            children.keySet().removeIf(labels -> isGone.test(labels.get(index)));
        }
    }

    /**
     * A distribution (latencies): counts per bucket (each observation counted once, in the first bucket whose upper
     * bound holds it; rendered cumulative, as {@code _bucket{le=...}}), the sum and the count. Lock-free like
     * {@link Counter}; a scrape concurrent with observations may see one in the count and not yet in the sum.
     */
    public static final class Histogram {
        private final double[] upperBounds;
        private final LongAdder[] buckets; // the last one is +Inf
        private final DoubleAdder sum = new DoubleAdder();

        private Histogram(double[] upperBounds) {
            this.upperBounds = upperBounds;
            this.buckets = new LongAdder[upperBounds.length + 1];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        public void observe(double value) {
            int i = Arrays.binarySearch(upperBounds, value);
            buckets[i >= 0 ? i : -i - 1].increment();
            sum.add(value);
        }

        /** Observes the time since {@code startNanos} (a {@link System#nanoTime()}), in seconds. */
        public void observeSecondsSince(long startNanos) {
            observe((System.nanoTime() - startNanos) / 1e9);
        }

        public long count() {
            long n = 0;
            for (LongAdder b : buckets) {
                n += b.sum();
            }
            return n;
        }

        public double sum() {
            return sum.sum();
        }
    }

    /** The histograms of one name, one per label set, all with the same bucket bounds. */
    public static final class HistogramFamily extends Family {
        private final double[] upperBounds;
        private final ConcurrentHashMap<List<String>, Histogram> children = new ConcurrentHashMap<>();

        private HistogramFamily(String name, String help, List<String> labelNames, double[] upperBounds) {
            super(name, help, labelNames);
            if (labelNames.contains("le")) {
                throw new IllegalArgumentException("a histogram's label cannot be named le: " + name);
            }
            this.upperBounds = upperBounds.clone();
            for (int i = 1; i < this.upperBounds.length; i++) {
                if (!(this.upperBounds[i] > this.upperBounds[i - 1])) {
                    throw new IllegalArgumentException("bucket bounds must increase: " + Arrays.toString(upperBounds));
                }
            }
        }

        /** The histogram of these label values (created empty on first use). Cache it on hot paths. */
        public Histogram labels(String... values) {
            List<String> key = checkedValues(values);
            Histogram h = children.get(key);
            return h != null ? h : children.computeIfAbsent(key, k -> new Histogram(upperBounds));
        }

        @Override
        String type() {
            return "histogram";
        }

        /** Not used: {@link #renderSamples} writes the bucket, sum and count lines. */
        @Override
        Map<List<String>, String> samples() {
            return Map.of();
        }

        @Override
        void renderSamples(StringBuilder out) {
            Map<List<String>, Histogram> sorted = new TreeMap<>(BY_LABEL_VALUES);
            sorted.putAll(children);
            sorted.forEach((labels, h) -> {
                long cumulative = 0;
                for (int i = 0; i < h.buckets.length; i++) {
                    cumulative += h.buckets[i].sum();
                    String le = i < upperBounds.length ? formatDouble(upperBounds[i]) : "+Inf";
                    sampleLine(out, name + "_bucket", labelNames, labels, "le", le, Long.toString(cumulative));
                }
                sampleLine(out, name + "_sum", labelNames, labels, null, null, formatDouble(h.sum()));
                sampleLine(out, name + "_count", labelNames, labels, null, null, Long.toString(cumulative));
            });
        }

        void forget(int index, Predicate<String> isGone) {
            children.keySet().removeIf(labels -> isGone.test(labels.get(index)));
        }
    }

    /** A gauge, or a counter kept elsewhere (such as the storage's I/O error counts), read at each scrape. */
    private static final class ComputedFamily extends Family {
        private final String type;
        private final Consumer<Samples> source;

        ComputedFamily(String type, String name, String help, List<String> labelNames, Consumer<Samples> source) {
            super(name, help, labelNames);
            this.type = type;
            this.source = source;
        }

        @Override
        String type() {
            return type;
        }

        @Override
        Map<List<String>, String> samples() {
            Map<List<String>, Double> values = new TreeMap<>(BY_LABEL_VALUES);
            try {
                source.accept((value, labelValues) -> values.merge(checkedValues(labelValues), value, Double::sum));
            } catch (RuntimeException e) {
                log.warn("{} {} failed to report; rendered without samples", type, name, e);
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

    /** Registers a histogram family with these bucket upper bounds (increasing; +Inf is added). */
    public HistogramFamily histogram(String name, String help, double[] upperBounds, String... labelNames) {
        return register(new HistogramFamily(name, help, checkedLabelNames(labelNames), upperBounds));
    }

    /** Registers a gauge family whose samples {@code source} reports at each scrape (keep it cheap). */
    public void gauge(String name, String help, List<String> labelNames, Consumer<Samples> source) {
        Objects.requireNonNull(source, "source");
        register(new ComputedFamily("gauge", name, help, checkedLabelNames(labelNames.toArray(String[]::new)),
                source));
    }

    /**
     * Registers a counter family whose samples {@code source} reads at each scrape from counts kept
     * elsewhere (they must never go down).
     */
    public void counter(String name, String help, List<String> labelNames, Consumer<Samples> source) {
        Objects.requireNonNull(source, "source");
        register(new ComputedFamily("counter", name, help, checkedLabelNames(labelNames.toArray(String[]::new)),
                source));
    }

    /** Runs {@code task} at the start of every scrape (to drop series of things that are gone). */
    public void beforeScrape(Runnable task) {
        beforeScrape.add(Objects.requireNonNull(task, "task"));
    }

    /**
     * Drops, from every counter family with label {@code labelName}, the counters whose value of it
     * {@code isGone} (a deleted stream's). Prometheus takes a series that vanishes as stale, and one
     * that comes back (a stream created again) as a counter reset.
     */
    public void forget(String labelName, Predicate<String> isGone) {
        for (Family f : families) {
            int index = f.labelNames.indexOf(labelName);
            if (index >= 0 && f instanceof CounterFamily counters) {
                counters.forget(index, isGone);
            } else if (index >= 0 && f instanceof HistogramFamily histograms) {
                histograms.forget(index, isGone);
            }
        }
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
        for (Runnable task : beforeScrape) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("a task before the scrape failed", e);
            }
        }
        StringBuilder out = new StringBuilder(4096);
        for (Family f : families) {
            out.append("# HELP ").append(f.name).append(' ');
            escapeHelp(f.help, out);
            out.append("\n# TYPE ").append(f.name).append(' ').append(f.type()).append('\n');
            f.renderSamples(out);
        }
        return out.toString();
    }

    /** One sample line: {@code name{labels[,extraLabel="extraValue"]} value}. */
    private static void sampleLine(StringBuilder out, String name, List<String> labelNames, List<String> values,
                                   String extraLabel, String extraValue, String value) {
        out.append(name);
        if (!values.isEmpty() || extraLabel != null) {
            out.append('{');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labelNames.get(i)).append("=\"");
                escapeLabelValue(values.get(i), out);
                out.append('"');
            }
            if (extraLabel != null) {
                out.append(values.isEmpty() ? "" : ",").append(extraLabel).append("=\"").append(extraValue).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
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

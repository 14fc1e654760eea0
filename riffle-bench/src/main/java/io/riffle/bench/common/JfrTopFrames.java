package io.riffle.bench.common;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the execution samples of a JFR recording (what {@code jfr print --events
 * jdk.ExecutionSample} lists one by one): the methods most often on top of the stack ("self"),
 * the methods most often anywhere in it ("total", once per sample), and the threads sampled. The
 * profiles quoted in docs/benchmarks.md come from it.
 *
 * <pre>
 *   java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.common.JfrTopFrames server.jfr [--top=25]
 *        [--event=jdk.ExecutionSample] [--thread=REGEX] [--from=INSTANT] [--to=INSTANT]
 * </pre>
 *
 * For allocation samples ({@code --event=jdk.ObjectAllocationSample}) each sample counts its {@code weight}, the
 * bytes it stands for, and the tables say bytes. {@code --from} and {@code --to} (ISO instants such as 2026-12-04T22:00:31.500Z) keep the samples of one phase of a
 * benchmark, e.g. KafkaComparison's read back, whose server records the whole round.
 */
public final class JfrTopFrames {
    private JfrTopFrames() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("--")) {
            System.err.println("Usage: java -cp riffle-bench.jar io.riffle.bench.common.JfrTopFrames FILE.jfr [--top=N] "
                    + "[--event=jdk.ExecutionSample] [--thread=REGEX] [--from=INSTANT] [--to=INSTANT]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int top = 25;
        String event = "jdk.ExecutionSample";
        Pattern thread = null;
        Instant from = Instant.MIN;
        Instant to = Instant.MAX;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--top=")) {
                top = Integer.parseInt(a.substring("--top=".length()));
            } else if (a.startsWith("--event=")) {
                event = a.substring("--event=".length());
            } else if (a.startsWith("--from=")) {
                from = Instant.parse(a.substring("--from=".length()));
            } else if (a.startsWith("--to=")) {
                to = Instant.parse(a.substring("--to=".length()));
            } else if (a.startsWith("--thread=")) {
                thread = Pattern.compile(a.substring("--thread=".length()));
            } else {
                System.err.println("unknown option " + a);
                System.exit(2);
            }
        }
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        boolean isWeighted = false;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals(event) || e.getStartTime().isBefore(from)
                    || e.getStartTime().isAfter(to)) {
                continue;
            }
            RecordedThread t = e.hasField("sampledThread") ? e.getThread("sampledThread") : e.getThread();
            String threadName = t == null ? "?" : t.getJavaName() != null ? t.getJavaName() : t.getOSName();
            if (thread != null && (threadName == null || !thread.matcher(threadName).find())) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            isWeighted = e.hasField("weight");
            long weight = isWeighted ? e.getLong("weight") : 1;
            samples += weight;
            threads.merge(threadGroup(threadName), weight, Long::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), weight, Long::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    total.merge(n, weight, Long::sum);
                }
            }
        }
        String unit = isWeighted ? "bytes" : "samples";
        System.out.printf(Locale.ROOT, "%,d %s of %s in %s%n%n", samples, unit, event, file);
        print("threads (digits in names folded)", threads, samples, top, unit);
        print("self (top frame)", self, samples, top, unit);
        print("total (anywhere in the stack)", total, samples, top, unit);
    }

    private static void print(String title, Map<String, Long> counts, long samples, int top, String unit) {
        System.out.println("| " + title + " | " + unit + " | share |");
        System.out.println("|---|--:|--:|");
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(top, sorted.size()))) {
            System.out.printf(Locale.ROOT, "| `%s` | %,d | %.1f%% |%n", e.getKey(), e.getValue(),
                    100.0 * e.getValue() / Math.max(1, samples));
        }
        System.out.println();
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    /** "riffle-read-3" -> "riffle-read-N", so a pool's threads add up. */
    static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("\\d+", "N");
    }
}

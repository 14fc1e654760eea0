package io.riffle.bench.kinesis;

import io.riffle.bench.common.ChildServer;
import io.riffle.bench.common.CommandLine;
import io.riffle.bench.common.JvmHeap;
import io.riffle.bench.common.KinesisClients;
import io.riffle.bench.common.MachineInfo;
import io.riffle.bench.common.ProcStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A Riffle server under hostile clients while one well-behaved SDK client writes: the figures of
 * issue 10 (sockets held, memory after the hostile run, PutRecord latency while it runs, log
 * written). In a fresh server ({@code java -jar riffle.jar server}, the JVM's default heap, as
 * {@code bin/riffle server} runs it):
 * <ol>
 *   <li>quiet: one thread calls PutRecord (100 B) back to back; latencies recorded;</li>
 *   <li>hostile, for {@code --hostile-seconds}, the same PutRecord loop running throughout:
 *       {@code --idle-sockets} connections that send part of a head and then nothing;
 *       {@code --drippers} connections that send a head a byte per second; {@code --stalled-bodies}
 *       requests announcing 15 MiB that send all but 1 KiB and stall; {@code --json-bombers} clients
 *       sending PutRecord bodies of a million JSON keys (12 MB) back to back; {@code --garbage}
 *       connections sending 4 KiB of random bytes. The hostile clients never close their sockets:
 *       whatever the server still holds at the end, it held on its own;</li>
 *   <li>after: the hostile clients close everything; 5 s later the server's open files and RSS,
 *       its live heap and RSS after a full GC ({@code jcmd GC.run}), and the quiet PutRecord loop
 *       again.</li>
 * </ol>
 * To measure an older build, give its jar with {@code --server-jar}.
 */
public final class HostileClientsBench {
    private static final String USAGE = """
            usage: java -cp riffle-bench.jar io.riffle.bench.kinesis.HostileClientsBench [options]
              --server-jar=PATH        the server (default riffle-cli/target/riffle.jar)
              --dir=PATH               where the server's data directory goes (default /tmp)
              --jvm=OPTIONS            the server JVM's options, space-separated (default none)
              --quiet-seconds=N        the PutRecord loop alone, before and after (default 10)
              --hostile-seconds=N      the hostile phase (default 40: past the 30 s header timeout)
              --idle-sockets=N         connections sending part of a head, then nothing (default 3000)
              --drippers=N             connections dripping a head a byte per second (default 200)
              --stalled-bodies=N       requests announcing 15 MiB, sending all but 1 KiB (default 100)
              --json-bombers=N         clients sending million-key JSON back to back (default 4)
              --garbage=N              connections sending 4 KiB of random bytes (default 1000)
            """;
    private static final int STALLED_BODY_BYTES = 15 * 1024 * 1024;
    private static final int JSON_KEYS = 1_000_000;

    private final PrintStream out;
    private final Map<String, String> options;
    private final AtomicBoolean isHostileDone = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Socket> hostileSockets = new ConcurrentLinkedQueue<>();
    private final AtomicLong bombsAnswered = new AtomicLong();
    private final AtomicLong stalledRefused = new AtomicLong();
    private final List<Thread> hostileThreads = Collections.synchronizedList(new ArrayList<>());

    private HostileClientsBench(Map<String, String> options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = CommandLine.parseOrExit("hostile-bench", USAGE,
                () -> CommandLine.parse(args, Set.of("help"), Set.of("server-jar", "dir", "jvm", "quiet-seconds",
                        "hostile-seconds", "idle-sockets", "drippers", "stalled-bodies", "json-bombers", "garbage")));
        if (options.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        new HostileClientsBench(options, System.out).run();
        System.exit(0);
    }

    private int count(String key, int fallback) {
        String value = options.get(key);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private void run() throws Exception {
        String date = ZonedDateTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Path jar = Path.of(options.getOrDefault("server-jar", "riffle-cli/target/riffle.jar"));
        Path dir = Path.of(options.getOrDefault("dir", "/tmp"));
        int quietSeconds = count("quiet-seconds", 10);
        int hostileSeconds = count("hostile-seconds", 40);
        MachineInfo machine = MachineInfo.probe(dir);
        List<String> jvmOptions = options.containsKey("jvm") ? List.of(options.get("jvm").split(" ")) : List.of();
        try (ChildServer server = ChildServer.start(jar, jvmOptions, Map.of("throughput-limits", "false",
                "stream-create-delay-ms", "0"), dir);
             KinesisClient kinesis = KinesisClients.create(server.endpoint(), 1)) {
            long pid = server.pid();
            String stream = "hostile-bench";
            kinesis.createStream(r -> r.streamName(stream).shardCount(1));
            kinesis.waiter().waitUntilStreamExists(r -> r.streamName(stream));
            out.printf("hostile-bench: server %s (pid %d) on %s%n", server.version(), pid, server.endpoint());

            Latencies before = putLoop(kinesis, stream, TimeUnit.SECONDS.toNanos(quietSeconds), null);
            long filesBefore = ProcStats.openFileDescriptors(pid);
            long logBefore = server.logBytes();
            out.printf("hostile-bench: quiet PutRecord p50 %.1f ms, p99 %.1f ms; %d open files%n",
                    before.p(50), before.p(99), filesBefore);

            startHostileClients(server.endpoint());
            long[] peakFiles = {0};
            long[] peakRss = {0};
            Latencies during = putLoop(kinesis, stream, TimeUnit.SECONDS.toNanos(hostileSeconds), () -> {
                peakFiles[0] = Math.max(peakFiles[0], ProcStats.openFileDescriptors(pid));
                peakRss[0] = Math.max(peakRss[0], ProcStats.rssBytes(pid));
            });
            long filesAtEnd = ProcStats.openFileDescriptors(pid);
            long rssAtEnd = ProcStats.rssBytes(pid);
            out.printf("hostile-bench: hostile PutRecord p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d failed; "
                    + "open files peak %d, at the end %d; RSS peak %d MiB%n", during.p(50), during.p(99),
                    during.max(), during.failures, peakFiles[0], filesAtEnd, peakRss[0] >> 20);

            stopHostileClients();
            Thread.sleep(5_000); // the figures after: the server has had time to let go
            long rssAfter = ProcStats.rssBytes(pid);
            long heapAfter = JvmHeap.liveBytesAfterGc(pid);
            long rssAfterGc = settledRss(pid);
            if (jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking"))) {
                out.println(JvmHeap.nativeMemorySummary(pid));
            }
            long filesAfter = ProcStats.openFileDescriptors(pid);
            Latencies after = putLoop(kinesis, stream, TimeUnit.SECONDS.toNanos(quietSeconds), null);
            long logWritten = server.logBytes() - logBefore;

            out.println();
            out.println("## Hostile clients (HostileClientsBench), " + date);
            out.println();
            out.println("Machine: " + machine.cpuModel() + ", " + machine.cores() + " cores, " + machine.memory()
                    + "; " + machine.java() + "; server " + server.version() + " (" + jar + ", JVM options: "
                    + (jvmOptions.isEmpty() ? "none, default heap" : String.join(" ", jvmOptions)) + ")");
            out.printf("Hostile load for %d s: %d idle sockets (part of a head), %d head drippers (1 byte/s), "
                    + "%d stalled 15 MiB bodies, %d million-key JSON clients (%d bodies answered), %d garbage "
                    + "connections; %d stalled bodies were answered at once (refused).%n%n",
                    hostileSeconds, count("idle-sockets", 3000), count("drippers", 200),
                    count("stalled-bodies", 100), count("json-bombers", 4), bombsAnswered.get(),
                    count("garbage", 1000), stalledRefused.get());
            out.println("| figure | quiet, before | hostile clients running | after they left |");
            out.println("|---|--:|--:|--:|");
            out.printf("| PutRecord p50 / p99 / max (ms) | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f |%n",
                    before.p(50), before.p(99), before.max(), during.p(50), during.p(99), during.max(),
                    after.p(50), after.p(99), after.max());
            out.printf("| PutRecord calls (failed) | %d (%d) | %d (%d) | %d (%d) |%n", before.count(),
                    before.failures, during.count(), during.failures, after.count(), after.failures);
            out.printf("| server open files | %d | peak %d, at the end %d | %d |%n", filesBefore, peakFiles[0],
                    filesAtEnd, filesAfter);
            out.printf("| server RSS (MiB) | - | peak %d, at the end %d | %d; after a full GC, settled, %d (live heap %d) |%n",
                    peakRss[0] >> 20, rssAtEnd >> 20, rssAfter >> 20, rssAfterGc >> 20, heapAfter >> 20);
            out.printf("| server log written from the hostile start to the end (KiB) | - | %d | |%n",
                    logWritten >> 10);
        }
    }

    /** Latencies of one thread's back-to-back PutRecord calls, in ms. */
    private static final class Latencies {
        final List<Double> millis = new ArrayList<>();
        long failures;

        double p(int percentile) {
            if (millis.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
        }

        double max() {
            return millis.isEmpty() ? Double.NaN : Collections.max(millis);
        }

        int count() {
            return millis.size();
        }
    }

    private static Latencies putLoop(KinesisClient kinesis, String stream, long forNanos, Runnable eachSecond) {
        Latencies latencies = new Latencies();
        SdkBytes data = SdkBytes.fromByteArray(new byte[100]);
        long end = System.nanoTime() + forNanos;
        long nextSample = System.nanoTime();
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            try {
                kinesis.putRecord(r -> r.streamName(stream).partitionKey("pk").data(data));
                latencies.millis.add((System.nanoTime() - start) / 1e6);
            } catch (RuntimeException e) {
                latencies.failures++;
            }
            if (eachSecond != null && System.nanoTime() >= nextSample) {
                eachSecond.run();
                nextSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
        }
        return latencies;
    }

    /** RSS once it stops falling (G1 gives memory back to the OS concurrently after a full GC), at most 10 s on. */
    private static long settledRss(long pid) {
        long rss = ProcStats.rssBytes(pid);
        for (int i = 0; i < 10; i++) {
            pause(1_000);
            long now = ProcStats.rssBytes(pid);
            if (now >= rss) {
                return now;
            }
            rss = now;
        }
        return rss;
    }

    private void startHostileClients(URI endpoint) {
        byte[] partialHead = "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Kinesis_2013"
                .getBytes(StandardCharsets.US_ASCII);
        background(() -> {
            for (int i = 0; i < count("idle-sockets", 3000) && !isHostileDone.get(); i++) {
                Socket socket = open(endpoint);
                if (socket != null) {
                    write(socket, partialHead);
                }
            }
        });
        background(() -> {
            List<Socket> drippers = new ArrayList<>();
            for (int i = 0; i < count("drippers", 200); i++) {
                Socket socket = open(endpoint);
                if (socket != null) {
                    drippers.add(socket);
                }
            }
            for (int second = 0; !isHostileDone.get(); second++) {
                for (Socket socket : drippers) {
                    write(socket, new byte[] {(byte) (second == 0 ? 'P' : 'x')});
                }
                pause(1_000);
            }
        });
        byte[] stalledBody = new byte[STALLED_BODY_BYTES - 1024];
        for (int i = 0; i < count("stalled-bodies", 100); i++) {
            background(() -> {
                Socket socket = open(endpoint);
                if (socket != null && write(socket, head("PutRecord", STALLED_BODY_BYTES))
                        && write(socket, stalledBody) && answered(socket)) {
                    stalledRefused.incrementAndGet();
                }
            });
        }
        byte[] bomb = millionKeys();
        for (int i = 0; i < count("json-bombers", 4); i++) {
            background(() -> {
                while (!isHostileDone.get()) {
                    try (Socket socket = open(endpoint)) {
                        if (socket == null || !write(socket, head("PutRecord", bomb.length)) || !write(socket, bomb)
                                || !answered(socket)) {
                            pause(100);
                            continue;
                        }
                        bombsAnswered.incrementAndGet();
                    } catch (IOException e) {
                        pause(100);
                    }
                }
            });
        }
        background(() -> {
            Random random = new Random(1);
            byte[] garbage = new byte[4096];
            for (int i = 0; i < count("garbage", 1000) && !isHostileDone.get(); i++) {
                random.nextBytes(garbage);
                garbage[0] = 'G'; // not a TLS handshake byte: garbage for the HTTP/1 decoder
                try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
                    socket.getOutputStream().write(garbage);
                } catch (IOException e) {
                    // refused or reset: the server's business
                }
            }
        });
    }

    private void stopHostileClients() throws InterruptedException {
        isHostileDone.set(true);
        for (Socket socket : hostileSockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Thread thread : List.copyOf(hostileThreads)) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    private void background(Runnable task) {
        hostileThreads.add(Thread.ofVirtual().start(task));
    }

    private Socket open(URI endpoint) {
        try {
            Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
            hostileSockets.add(socket);
            return socket;
        } catch (IOException e) {
            return null; // refused: the server's cap, counted by the server
        }
    }

    private static boolean write(Socket socket, byte[] bytes) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server answered something (the first bytes of an answer) before closing. */
    private boolean answered(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            return !isHostileDone.get() && in.read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] head(String operation, long contentLength) {
        return ("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: Kinesis_20131202." + operation
                + "\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] millionKeys() {
        StringBuilder json = new StringBuilder(12 * JSON_KEYS).append('{');
        for (int i = 0; i < JSON_KEYS; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":0");
        }
        return json.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

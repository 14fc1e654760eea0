package io.riffle.examples.leaderboard;

import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import software.amazon.kinesis.coordinator.Scheduler;

/**
 * The leaderboard scenario's command line (see README.md):
 * <pre>
 * leaderboard produce   [--endpoint URL] [--stream S] [--shards 4] [--players 50] [--rounds 20] [--seed 1]
 * leaderboard consume   [--endpoint URL] [--stream S] [--application A] [--table T] [--jdbc-url URL] [--worker-id W]
 *                       [--failover-ms 4000]
 * leaderboard standings [--endpoint URL] [--table T] [--jdbc-url URL] [--top 10]
 * </pre>
 * The endpoint defaults to a local Riffle ({@code http://127.0.0.1:4567}); without {@code --jdbc-url} only the
 * DynamoDB table is written and read.
 */
public final class Leaderboard {
    private Leaderboard() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            usage("a command: produce, consume or standings");
        }
        Map<String, String> options = options(args);
        Clients clients = new Clients(URI.create(options.getOrDefault("endpoint", "http://127.0.0.1:4567")));
        String stream = options.getOrDefault("stream", "scores");
        String table = options.getOrDefault("table", "leaderboard");
        String jdbcUrl = options.get("jdbc-url");
        switch (args[0]) {
            case "produce" -> {
                try (var kinesis = clients.kinesis()) {
                    ScoreProducer.ensureStream(kinesis, stream, integer(options, "shards", 4));
                    ScoreProducer.send(kinesis, stream, ScoreProducer.rounds(integer(options, "players", 50),
                            integer(options, "rounds", 20), integer(options, "seed", 1)));
                }
            }
            case "consume" -> {
                List<LeaderboardSink> sinks = sinks(clients, table, jdbcUrl);
                consume(LeaderboardConsumer.scheduler(clients, stream,
                        options.getOrDefault("application", "leaderboard-app"),
                        options.getOrDefault("worker-id", UUID.randomUUID().toString()),
                        options.containsKey("failover-ms") ? Long.valueOf(options.get("failover-ms")) : null, sinks),
                        sinks);
            }
            case "standings" -> {
                int top = integer(options, "top", 10);
                for (LeaderboardSink sink : sinks(clients, table, jdbcUrl)) {
                    print(System.out, sink, top);
                    sink.close();
                }
            }
            default -> usage("a command: produce, consume or standings, not " + args[0]);
        }
    }

    /** Runs the KCL until the process is stopped (SIGTERM, Ctrl-C): then it shuts down gracefully, checkpointing. */
    private static void consume(Scheduler scheduler, List<LeaderboardSink> sinks) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                scheduler.startGracefulShutdown().get();
            } catch (Exception e) {
                e.printStackTrace();
            }
            sinks.forEach(LeaderboardSink::close);
            stopped.countDown();
        }));
        try {
            scheduler.run();
        } catch (Throwable e) {
            e.printStackTrace();
            Runtime.getRuntime().halt(1); // the KCL's own threads would keep a broken worker's JVM alive
        }
        stopped.await();
    }

    private static List<LeaderboardSink> sinks(Clients clients, String table, String jdbcUrl) {
        List<LeaderboardSink> sinks = new ArrayList<>();
        sinks.add(new DynamoDbLeaderboard(clients.dynamoDb(), table).ensureTable());
        if (jdbcUrl != null) {
            sinks.add(new PostgresLeaderboard(jdbcUrl));
        }
        return sinks;
    }

    private static void print(PrintStream out, LeaderboardSink sink, int top) {
        out.println(sink instanceof DynamoDbLeaderboard ? "DynamoDB:" : "PostgreSQL:");
        List<Standing> standings = sink.standings();
        for (int rank = 1; rank <= Math.min(top, standings.size()); rank++) {
            Standing s = standings.get(rank - 1);
            out.printf("%4d. %-12s %8d points (%d events)%n", rank, s.player(), s.score(), s.events());
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                usage("--name value pairs after the command, not " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static int integer(Map<String, String> options, String name, int otherwise) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : otherwise;
    }

    private static void usage(String expected) {
        System.err.println("leaderboard: expected " + expected + "; see examples/leaderboard/README.md");
        System.exit(2);
    }
}

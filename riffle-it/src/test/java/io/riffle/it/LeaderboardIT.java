package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.examples.leaderboard.DynamoDbLeaderboard;
import io.riffle.examples.leaderboard.Leaderboard;
import io.riffle.examples.leaderboard.LeaderboardSink;
import io.riffle.examples.leaderboard.PostgresLeaderboard;
import io.riffle.examples.leaderboard.ScoreEvent;
import io.riffle.examples.leaderboard.ScoreProducer;
import io.riffle.examples.leaderboard.Standing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/leaderboard, run as its README says, against a Riffle server and an embedded PostgreSQL: its producer
 * (a process) sends seeded score events, its KCL application (a process) applies them per player in order into
 * Riffle's DynamoDB and into PostgreSQL; the final standings of both equal those computed from the same events.
 * Then some early events are sent again (as a replaying producer would) followed by one more round: the sinks'
 * "newer than the last applied" condition leaves the scores unchanged and applies only the new round.
 */
class LeaderboardIT {
    private static final int PLAYERS = 30;
    private static final int ROUNDS = 20;
    private static final int SEED = 7;
    private static final String STREAM = "scores";

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @RegisterExtension
    final KclWorkers processes = new KclWorkers(riffle);

    @Test
    void theLeaderboardEqualsTheEventsSentInDynamoDbAndPostgres() throws Exception {
        String endpoint = riffle.endpoint().toString();
        long started = System.nanoTime();
        try (PostgresProcess postgres = PostgresProcess.start();
                // both sinks create their tables if missing, as the consumer's do: the test reads them from the start
                DynamoDbLeaderboard dynamoDb = new DynamoDbLeaderboard(SdkClients.dynamoDb(riffle.endpoint()),
                        "leaderboard").ensureTable();
                PostgresLeaderboard sql = new PostgresLeaderboard(postgres.jdbcUrl())) {
            System.out.printf("leaderboard: PostgreSQL up after %.1f s%n", (System.nanoTime() - started) / 1e9);
            runToEnd("produce", "--endpoint", endpoint, "--stream", STREAM, "--players", Integer.toString(PLAYERS),
                    "--rounds", Integer.toString(ROUNDS), "--seed", Integer.toString(SEED));
            run("consume", "--endpoint", endpoint, "--stream", STREAM, "--application", "leaderboard-app",
                    "--jdbc-url", postgres.jdbcUrl(), "--worker-id", "consumer-1", "--failover-ms", "4000");

            List<List<ScoreEvent>> rounds = ScoreProducer.rounds(PLAYERS, ROUNDS, SEED);
            List<Standing> expected = Standing.of(rounds);
            awaitStandings(expected, dynamoDb, sql);
            System.out.printf("leaderboard: %d events applied after %.1f s%n", PLAYERS * ROUNDS,
                    (System.nanoTime() - started) / 1e9);

            // a replay of rounds 1-3 (already applied: refused by the condition), then round ROUNDS + 1 with 0 points
            List<List<ScoreEvent>> again = new ArrayList<>(rounds.subList(0, 3));
            again.add(rounds.get(0).stream().map(e -> new ScoreEvent(e.player(), ROUNDS + 1, 0)).toList());
            ScoreProducer.send(riffle.kinesis(), STREAM, again);
            List<Standing> afterReplay = expected.stream()
                    .map(s -> new Standing(s.player(), s.score(), s.events() + 1, ROUNDS + 1)).toList();
            awaitStandings(afterReplay, dynamoDb, sql);

            KclWorkers.Worker standings = runToEnd("standings", "--endpoint", endpoint, "--jdbc-url",
                    postgres.jdbcUrl(), "--top", "3");
            String printed = Files.readString(standings.log, StandardCharsets.UTF_8);
            Standing leader = expected.get(0);
            assertThat(printed).as("the printed standings").contains("DynamoDB:", "PostgreSQL:")
                    .contains(String.format("   1. %-12s %8d points (%d events)", leader.player(), leader.score(),
                            ROUNDS + 1));
        }
    }

    /** Runs the example's command line in its own JVM, as its README does with the shaded jar. */
    private KclWorkers.Worker run(String... args) throws Exception {
        return processes.launch("leaderboard-" + args[0], null, List.of(), Leaderboard.class.getName(), List.of(args));
    }

    /** Runs a command that ends (produce, standings) and expects exit code 0. */
    private KclWorkers.Worker runToEnd(String... args) throws Exception {
        KclWorkers.Worker command = run(args);
        command.isExpectedToEnd = true;
        assertThat(command.process.waitFor(120, TimeUnit.SECONDS)).as("leaderboard %s ended", args[0]).isTrue();
        assertThat(command.process.exitValue()).as("exit code of leaderboard %s; logs:%n%s", args[0], processes.logs())
                .isZero();
        return command;
    }

    private void awaitStandings(List<Standing> expected, LeaderboardSink... sinks) {
        for (LeaderboardSink sink : sinks) {
            processes.awaitWhileAlive(sink.getClass().getSimpleName() + " to hold the standings of the events sent",
                    () -> sink.standings().equals(expected));
        }
    }
}

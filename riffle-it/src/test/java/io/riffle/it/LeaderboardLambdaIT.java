package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.examples.leaderboard.DynamoDbLeaderboard;
import io.riffle.examples.leaderboard.ScoreEvent;
import io.riffle.examples.leaderboard.ScoreProducer;
import io.riffle.examples.leaderboard.Standing;
import io.riffle.examples.leaderboardlambda.InvokeServer;
import io.riffle.examples.leaderboardlambda.ScoreHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * examples/leaderboard-lambda as its README runs it: the example's function host (in this JVM) serves its
 * KinesisEvent handler behind the Lambda invoke contract at the server's {@code lambda-endpoint}; the AWS CLI maps
 * the stream to the function; score events are sent; the DynamoDB standings then equal those the events make. The
 * first invocation fails (an unhandled error), so a batch is delivered twice; later a replay of early events and
 * one new round: the handler's condition refuses what it applied before, so only the new round counts.
 */
class LeaderboardLambdaIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PLAYERS = 20;
    private static final int ROUNDS = 10;
    private static final String STREAM = "scores";

    private static final AtomicInteger INVOCATIONS = new AtomicInteger();
    private static volatile ScoreHandler handler;
    private static final InvokeServer FUNCTION = functionHost();

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension(
            "lambda-endpoint=" + FUNCTION.endpoint(), "trigger-idle-poll-ms=200", "trigger-retry-backoff-ms=20");

    @TempDir
    Path tmp;

    @AfterAll
    static void stopFunction() {
        FUNCTION.close();
    }

    @Test
    void theStandingsEqualTheEventsSentWhateverIsDeliveredTwice() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        ScoreProducer.ensureStream(kinesis, STREAM, 2);
        DynamoDbLeaderboard table = new DynamoDbLeaderboard(SdkClients.dynamoDb(riffle.endpoint()), "leaderboard")
                .ensureTable();
        handler = new ScoreHandler(table);
        String arn = kinesis.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary().streamARN();
        AwsCli.Result created = new AwsCli(riffle.endpoint().toString(), tmp).run("AKIDTEST", "secret", "lambda",
                "create-event-source-mapping", "--function-name", "leaderboard", "--event-source-arn", arn,
                "--starting-position", "TRIM_HORIZON", "--function-response-types", "ReportBatchItemFailures");
        assertThat(created.exit()).as(created.output()).isZero();

        List<List<ScoreEvent>> rounds = ScoreProducer.rounds(PLAYERS, ROUNDS, 7);
        ScoreProducer.send(kinesis, STREAM, rounds);
        List<Standing> expected = Standing.of(rounds);
        Kit.await(WAIT, "the standings of the events sent", () -> table.standings().equals(expected));
        assertThat(INVOCATIONS.get()).as("invocations, the first one failed").isGreaterThan(1);

        // rounds 1-3 again (applied before: refused by the condition), then a new round with 0 points
        List<List<ScoreEvent>> again = new ArrayList<>(rounds.subList(0, 3));
        again.add(rounds.get(0).stream().map(e -> new ScoreEvent(e.player(), ROUNDS + 1, 0)).toList());
        ScoreProducer.send(kinesis, STREAM, again);
        List<Standing> afterReplay = expected.stream()
                .map(s -> new Standing(s.player(), s.score(), s.events() + 1, ROUNDS + 1)).toList();
        Kit.await(WAIT, "only the new round applied", () -> table.standings().equals(afterReplay));
        table.close();
    }

    /** The example's host on a free port; its first invocation fails as an unhandled function error. */
    private static InvokeServer functionHost() {
        try {
            return InvokeServer.start(new InetSocketAddress("127.0.0.1", 0), (event, context) -> {
                if (INVOCATIONS.incrementAndGet() == 1) {
                    throw new IllegalStateException("the first invocation fails");
                }
                return handler.handleRequest(event, context);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

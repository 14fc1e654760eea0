package io.riffle.examples.leaderboardlambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.riffle.examples.leaderboard.Clients;
import io.riffle.examples.leaderboard.DynamoDbLeaderboard;
import io.riffle.examples.leaderboard.ScoreEvent;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The Lambda function, written as for AWS Lambda: a batch of one shard's score events, in order, applied one by one
 * to the DynamoDB leaderboard, whose conditional update refuses an event not newer than the player's last (a batch
 * delivered again after a retry changes nothing). If an update fails, the answer names that record
 * ({@code ReportBatchItemFailures}): the mapping retries the batch from it, so later events of the shard never
 * overtake it.
 *
 * <p>Configured by environment, as a Lambda function is: {@code LEADERBOARD_ENDPOINT} (the DynamoDB endpoint,
 * default a local Riffle) and {@code LEADERBOARD_TABLE} (default {@code leaderboard}).
 */
public final class ScoreHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
    private final DynamoDbLeaderboard leaderboard;

    /** As Lambda builds it: from the environment. */
    public ScoreHandler() {
        this(new DynamoDbLeaderboard(new Clients(URI.create(System.getenv().getOrDefault("LEADERBOARD_ENDPOINT",
                "http://127.0.0.1:4567"))).dynamoDb(), System.getenv().getOrDefault("LEADERBOARD_TABLE",
                        "leaderboard")).ensureTable());
    }

    public ScoreHandler(DynamoDbLeaderboard leaderboard) {
        this.leaderboard = leaderboard;
    }

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        for (KinesisEvent.KinesisEventRecord record : event.getRecords()) {
            try {
                leaderboard.apply(ScoreEvent.fromJson(bytes(record.getKinesis().getData())));
            } catch (RuntimeException e) {
                if (context != null) {
                    context.getLogger().log("retrying from " + record.getEventID() + ": " + e);
                }
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                        new StreamsEventResponse.BatchItemFailure(record.getKinesis().getSequenceNumber()))).build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    private static byte[] bytes(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }
}

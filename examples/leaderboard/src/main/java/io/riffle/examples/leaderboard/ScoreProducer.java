package io.riffle.examples.leaderboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;

/**
 * The game's side: score events for {@code players} players, {@code rounds} each, from a seeded random source (so a
 * run can be checked against the same events made again). A round holds one event per player and goes out in one
 * PutRecords (partition key = player id); entries Kinesis refused (throttled) are sent again before the next round,
 * so a player's events enter the stream in order.
 */
public final class ScoreProducer {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreProducer.class);
    private static final int MAX_POINTS = 100;

    private ScoreProducer() {
    }

    /** The events of rounds 1..{@code rounds} (a player's {@code seq} is the round), round by round. */
    public static List<List<ScoreEvent>> rounds(int players, int rounds, long seed) {
        Random random = new Random(seed);
        List<List<ScoreEvent>> all = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            List<ScoreEvent> events = new ArrayList<>();
            for (int player = 0; player < players; player++) {
                events.add(new ScoreEvent(String.format("player-%03d", player), round, random.nextInt(MAX_POINTS + 1)));
            }
            all.add(events);
        }
        return all;
    }

    /** Creates the stream with {@code shards} shards unless it exists, and waits until it is ACTIVE. */
    public static void ensureStream(KinesisClient kinesis, String stream, int shards) {
        try {
            kinesis.createStream(b -> b.streamName(stream).shardCount(shards));
        } catch (ResourceInUseException exists) {
            // created before
        }
        kinesis.waiter().waitUntilStreamExists(b -> b.streamName(stream));
    }

    /** Sends each round in one PutRecords, again for the entries refused, before the next round. */
    public static void send(KinesisClient kinesis, String stream, List<List<ScoreEvent>> rounds) {
        long sent = 0;
        for (List<ScoreEvent> round : rounds) {
            List<ScoreEvent> pending = round;
            while (!pending.isEmpty()) {
                List<PutRecordsRequestEntry> entries = pending.stream().map(e -> PutRecordsRequestEntry.builder()
                        .partitionKey(e.player()).data(SdkBytes.fromByteArray(e.toJson())).build()).toList();
                PutRecordsResponse answer = kinesis.putRecords(b -> b.streamName(stream).records(entries));
                List<ScoreEvent> refused = new ArrayList<>();
                for (int i = 0; i < entries.size(); i++) {
                    PutRecordsResultEntry result = answer.records().get(i);
                    if (result.errorCode() != null) {
                        refused.add(pending.get(i));
                    }
                }
                sent += pending.size() - refused.size();
                pending = refused;
            }
        }
        LOG.info("sent {} score events to {}", sent, stream);
    }
}

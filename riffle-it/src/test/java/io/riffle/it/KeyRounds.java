package io.riffle.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * What the KCL tests send: rounds of one record per key ({@code player-0..keys-1}), the data being the round's
 * number, so that a key's records are numbered in the order sent and a consumer's order per key can be checked.
 */
final class KeyRounds {
    private KeyRounds() {
    }

    /** Sends round {@code round} in one PutRecords; no entry may fail (one sent again later would break the order). */
    static void send(KinesisClient kinesis, String stream, int keys, int round) {
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        for (int key = 0; key < keys; key++) {
            batch.add(PutRecordsRequestEntry.builder().partitionKey("player-" + key)
                    .data(Kit.bytes(Integer.toString(round))).build());
        }
        assertThat(kinesis.putRecords(b -> b.streamName(stream).records(batch)).failedRecordCount())
                .as("failed entries in round %d", round).isZero();
    }

    /** {@code key/round} of every record of rounds {@code 0..rounds-1}, as {@link ProcessedRecord#distinct} gives them. */
    static Set<String> expected(int keys, int rounds) {
        Set<String> expected = new HashSet<>();
        for (int round = 0; round < rounds; round++) {
            for (int key = 0; key < keys; key++) {
                expected.add("player-" + key + "/" + round);
            }
        }
        return expected;
    }
}

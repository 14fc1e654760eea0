package io.riffle.it;

import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.util.concurrent.ListenableFuture;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.kinesis.producer.Attempt;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordResult;

/**
 * The Kinesis Producer Library, unchanged (its Java front end and native daemon, which talks to
 * Kinesis with the AWS C++ SDK over HTTP/1.1 in TLS), against Riffle started with {@code tls=true}:
 * Riffle's generated certificate is the KPL's CA file, certificates are verified, and Riffle is its
 * Kinesis and STS endpoint (the KPL asks STS GetCallerIdentity for the account of the stream ARN it
 * sends). With aggregation on, the KPL packs the user records of one shard into one Kinesis record
 * whose partition key is "a" and whose ExplicitHashKey is its first user record's hash key: only
 * routing by ExplicitHashKey puts it in the right shard.
 *
 * <p>The KPL keeps only a coarse order between the requests it has in flight, so the test sends in
 * rounds: one record per partition key, then flush and wait for all of them. Order per partition
 * key is then the order of the rounds, which the test asserts after reading every shard back.
 */
class KplIT {

    private static final Logger LOG = LoggerFactory.getLogger(KplIT.class);
    private static final int SHARDS = 4;
    private static final int KEYS = 50;
    private static final int ROUNDS = 60; // 3,000 user records
    private static final long RECORD_TIMEOUT_S = 120;

    /** With SigV4 verified: the KPL's native signer (Kinesis, and STS GetCallerIdentity at start) must be right. */
    @RegisterExtension
    static final RiffleServerExtension riffle = RiffleServerExtension.signedByRoot("tls=true");

    @Test
    void aggregatedRecordsFromTheKplArriveCompleteAndInOrderPerPartitionKey() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = Kit.createActive(kinesis, name("kpl"), SHARDS);

        Map<String, UserRecordResult> results = new LinkedHashMap<>(); // by payload
        KinesisProducer producer = new KinesisProducer(configuration());
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Map<String, ListenableFuture<UserRecordResult>> sent = new LinkedHashMap<>();
                for (int key = 0; key < KEYS; key++) {
                    String payload = payload(key, round);
                    sent.put(payload, producer.addUserRecord(stream, partitionKey(key),
                            ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))));
                }
                producer.flush();
                for (Map.Entry<String, ListenableFuture<UserRecordResult>> entry : sent.entrySet()) {
                    UserRecordResult result = entry.getValue().get(RECORD_TIMEOUT_S, TimeUnit.SECONDS);
                    assertThat(result.isSuccessful()).as("%s: %s", entry.getKey(), attempts(result)).isTrue();
                    assertThat(result.getAttempts()).as("attempts of %s: Riffle never refused one", entry.getKey())
                            .allMatch(Attempt::isSuccessful);
                    results.put(entry.getKey(), result);
                }
            }
        } finally {
            producer.destroy(); // every record has completed by now (or the test failed): stop the daemon
        }
        assertThat(results).hasSize(KEYS * ROUNDS);

        // Read every shard back with GetRecords and take the aggregated records apart.
        Map<String, List<Integer>> roundsByKey = new TreeMap<>();
        Map<String, String> whereFound = new LinkedHashMap<>(); // payload -> shard/sequence number
        int kinesisRecords = 0;
        int aggregated = 0;
        for (Shard shard : Kit.shards(kinesis, stream)) {
            BigInteger low = new BigInteger(shard.hashKeyRange().startingHashKey());
            BigInteger high = new BigInteger(shard.hashKeyRange().endingHashKey());
            for (Record record : Kit.readAll(kinesis, stream, shard.shardId())) {
                kinesisRecords++;
                byte[] data = record.data().asByteArray();
                if (KplRecords.isAggregated(data)) {
                    aggregated++;
                    assertThat(record.partitionKey()).as("the KPL's partition key of an aggregated record").isEqualTo("a");
                }
                for (KplRecords.UserRecord user : KplRecords.deaggregate(record.partitionKey(), data)) {
                    BigInteger hashKey = Kit.hashKey(user.partitionKey());
                    assertThat(hashKey).as("hash key of %s, found in %s", user.partitionKey(), shard.shardId())
                            .isBetween(low, high);
                    String[] parts = user.text().split(":");
                    assertThat(parts[0]).as("payload %s", user.text()).isEqualTo(user.partitionKey());
                    roundsByKey.computeIfAbsent(user.partitionKey(), k -> new ArrayList<>())
                            .add(Integer.parseInt(parts[1]));
                    String previous = whereFound.put(user.text(), shard.shardId() + "/" + record.sequenceNumber());
                    assertThat(previous).as("%s read twice", user.text()).isNull();
                }
            }
        }
        LOG.info("KPL: {} user records in {} Kinesis records ({} aggregated) across {} shards", results.size(),
                kinesisRecords, aggregated, SHARDS);

        List<Integer> everyRound = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            everyRound.add(round);
        }
        assertThat(roundsByKey).hasSize(KEYS);
        roundsByKey.forEach((key, rounds) -> assertThat(rounds).as("rounds of %s, in read order", key)
                .isEqualTo(everyRound));
        assertThat(aggregated).as("aggregated Kinesis records").isPositive();
        assertThat(kinesisRecords).as("Kinesis records holding %d user records", results.size())
                .isLessThan(results.size());
        results.forEach((payload, result) -> assertThat(whereFound.get(payload)).as("where %s was found", payload)
                .isEqualTo(result.getShardId() + "/" + result.getSequenceNumber()));
        Kit.deleteAndAwaitGone(kinesis, stream);
    }

    /** The KPL pointed at Riffle over TLS; everything else is its default. */
    private static KinesisProducerConfiguration configuration() throws Exception {
        int port = riffle.endpoint().getPort();
        Path tmp = Path.of(System.getProperty("riffle.it.logs", "target/riffle-it-logs")).resolveSibling("kpl");
        Files.createDirectories(tmp);
        return new KinesisProducerConfiguration()
                .setRegion(SdkClients.REGION.id())
                .setCredentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY)))
                .setKinesisEndpoint("127.0.0.1")
                .setKinesisPort(port)
                .setStsEndpoint("127.0.0.1")
                .setStsPort(port)
                .setCloudwatchEndpoint("127.0.0.1") // never called with metrics off; local all the same
                .setCloudwatchPort(port)
                .setVerifyCertificate(true)
                .setCaCertFile(riffle.server().tlsCertificate().toString())
                .setMetricsLevel("none")
                .setAggregationEnabled(true)
                .setRequestTimeout(30_000)
                .setLogLevel("info")
                .setTempDirectory(tmp.toAbsolutePath().toString()); // where the native daemon is unpacked
    }

    private static String partitionKey(int key) {
        return "pk-" + key;
    }

    /** {@code pk-7:12:...}: its partition key, its round, and padding. */
    private static String payload(int key, int round) {
        return partitionKey(key) + ":" + round + ":" + "x".repeat(100 + key);
    }

    private static String attempts(UserRecordResult result) {
        List<String> attempts = new ArrayList<>();
        for (Attempt attempt : result.getAttempts()) {
            attempts.add((attempt.isSuccessful() ? "ok" : attempt.getErrorCode() + ": " + attempt.getErrorMessage())
                    + " after " + attempt.getDuration() + " ms");
        }
        return "attempts " + attempts;
    }
}

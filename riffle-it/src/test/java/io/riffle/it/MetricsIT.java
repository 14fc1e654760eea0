package io.riffle.it;

import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * {@code GET /metrics} end to end: after PutRecord, PutRecords and GetRecords through the SDK, the
 * server's Prometheus text shows that stream's counters with exactly the values the calls imply,
 * and its open-shard gauge. The server runs with throughput limits on so that the read-throttling
 * counter can be checked against the ProvisionedThroughputExceededExceptions a client without
 * retries saw.
 */
class MetricsIT {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("throughput-limits=true");

    @Test
    void countersShowWhatTheStreamWroteAndReadAndTheGaugeItsOpenShards() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = createActive(kinesis, name("metrics"), 1);
        String other = createActive(kinesis, name("metrics-other"), 3);

        long bytes = 0;
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = "key-" + i;
            entries.add(PutRecordsRequestEntry.builder().partitionKey(key).data(Kit.bytes(100 + i, i)).build());
            bytes += key.length() + 100 + i;
        }
        long putRecordsBytes = bytes;
        assertThat(kinesis.putRecords(b -> b.streamName(stream).records(entries)).failedRecordCount()).isZero();
        for (int i = 0; i < 3; i++) {
            String key = "single-" + i;
            kinesis.putRecord(b -> b.streamName(stream).partitionKey(key).data(Kit.bytes("x".repeat(50))));
            bytes += key.length() + 50;
        }

        String shardId = "shardId-000000000000";
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        GetRecordsResponse first = kinesis.getRecords(b -> b.shardIterator(iterator));
        assertThat(first.records()).hasSize(13);
        GetRecordsResponse second = kinesis.getRecords(b -> b.shardIterator(first.nextShardIterator()));
        assertThat(second.records()).isEmpty();
        long readBytes = 0;
        for (Record r : first.records()) {
            readBytes += r.partitionKey().length() + r.data().asByteArray().length;
        }
        assertThat(readBytes).isEqualTo(bytes);

        Scrape metrics = scrape(riffle.endpoint());
        String s = "{stream=\"" + stream + "\"}";
        assertThat(metrics.value("riffle_kinesis_incoming_records_total" + s)).isEqualTo(13);
        assertThat(metrics.value("riffle_kinesis_incoming_bytes_total" + s)).isEqualTo(bytes);
        assertThat(metrics.value("riffle_kinesis_put_records_total" + s)).isEqualTo(1);
        assertThat(metrics.value("riffle_kinesis_put_record_total" + s)).isEqualTo(3);
        assertThat(metrics.value("riffle_kinesis_get_records_total" + s)).isEqualTo(2);
        assertThat(metrics.value("riffle_kinesis_outgoing_records_total" + s)).isEqualTo(13);
        assertThat(metrics.value("riffle_kinesis_outgoing_bytes_total" + s)).isEqualTo(bytes);
        assertThat(metrics.value("riffle_kinesis_write_provisioned_throughput_exceeded_total" + s)).isZero();
        assertThat(metrics.value("riffle_kinesis_read_provisioned_throughput_exceeded_total" + s)).isZero();
        assertThat(metrics.value("riffle_kinesis_open_shards" + s)).isEqualTo(1);
        // PutRecord.Bytes, PutRecords.Bytes/TotalRecords/SuccessfulRecords/FailedRecords/ThrottledRecords
        assertThat(metrics.value("riffle_kinesis_put_record_bytes_total" + s)).isEqualTo(bytes - putRecordsBytes);
        assertThat(metrics.value("riffle_kinesis_put_records_bytes_total" + s)).isEqualTo(putRecordsBytes);
        assertThat(metrics.value("riffle_kinesis_put_records_records_total" + s)).isEqualTo(10);
        assertThat(metrics.value("riffle_kinesis_put_records_successful_records_total" + s)).isEqualTo(10);
        assertThat(metrics.value("riffle_kinesis_put_records_failed_records_total" + s)).isZero();
        assertThat(metrics.value("riffle_kinesis_put_records_throttled_records_total" + s)).isZero();
        // PutRecord.Latency, PutRecords.Latency, GetRecords.Latency: one observation per call, each took some time
        assertThat(metrics.value("riffle_kinesis_put_record_latency_seconds_count" + s)).isEqualTo(3);
        assertThat(metrics.value("riffle_kinesis_put_records_latency_seconds_count" + s)).isEqualTo(1);
        assertThat(metrics.value("riffle_kinesis_get_records_latency_seconds_count" + s)).isEqualTo(2);
        assertThat(metrics.value("riffle_kinesis_get_records_latency_seconds_bucket{stream=\"" + stream
                + "\",le=\"+Inf\"}")).isEqualTo(2);
        assertThat(metrics.value("riffle_kinesis_put_record_latency_seconds_sum" + s)).isPositive();
        assertThat(metrics.value("riffle_kinesis_get_records_latency_seconds_sum" + s)).isPositive();
        // GetRecords.IteratorAgeMilliseconds: the last GetRecords was caught up (no records), so 0
        assertThat(metrics.value("riffle_kinesis_get_records_iterator_age_milliseconds" + s)).isZero();
        // the storage under it: the journal wrote and synced groups for those appends (and the metadata's)
        double groups = metrics.value("riffle_storage_journal_groups_total");
        assertThat(groups).isGreaterThanOrEqualTo(4); // the PutRecords and three PutRecord calls at least
        assertThat(metrics.value("riffle_storage_journal_group_appends_total")).isGreaterThanOrEqualTo(groups);
        assertThat(metrics.value("riffle_storage_journal_written_bytes_total")).isGreaterThan(bytes);
        assertThat(metrics.value("riffle_storage_journal_fsyncs_total")).isGreaterThanOrEqualTo(groups); // fsync: one a group
        assertThat(metrics.value("riffle_storage_journal_fsync_seconds_total")).isPositive();
        // each fdatasync in the latency histogram too (the +Inf bucket holds them all)
        assertThat(metrics.value("riffle_storage_journal_fsync_latency_seconds_count")).isGreaterThanOrEqualTo(groups);
        assertThat(metrics.value("riffle_storage_journal_fsync_latency_seconds_bucket{le=\"+Inf\"}"))
                .isGreaterThanOrEqualTo(groups);
        assertThat(metrics.value("riffle_storage_journal_fsync_latency_seconds_sum")).isPositive();
        assertThat(metrics.value("riffle_storage_loaded_segments")).isGreaterThanOrEqualTo(2); // the shard written, _meta
        assertThat(metrics.value("riffle_storage_logs")).isGreaterThanOrEqualTo(3); // two streams' shards, _meta
        assertThat(metrics.value("riffle_storage_recovery_seconds")).isNotNegative();
        assertThat(metrics.text).contains("(GetRecords.IteratorAgeMilliseconds", "(PutRecords.Latency)",
                "# TYPE riffle_kinesis_get_records_latency_seconds histogram\n");
        assertThat(metrics.value("riffle_kinesis_open_shards{stream=\"" + other + "\"}")).isEqualTo(3);
        assertThat(metrics.values.keySet()).as("no shard-level series without enhanced monitoring")
                .noneMatch(series -> series.contains("{stream=\"" + stream + "\",shard="));
        assertThat(metrics.values).as("no counts for a stream that saw no data calls")
                .doesNotContainKey("riffle_kinesis_incoming_records_total{stream=\"" + other + "\"}");
        assertThat(metrics.value("riffle_jvm_heap_used_bytes")).isPositive();
        assertThat(metrics.value("riffle_process_uptime_seconds")).isPositive();
        assertThat(metrics.text).contains("# TYPE riffle_kinesis_incoming_bytes_total counter\n",
                "# TYPE riffle_kinesis_open_shards gauge\n");

        Kit.deleteAndAwaitGone(kinesis, stream);
        assertThat(scrape(riffle.endpoint()).values.keySet()).as("a deleted stream has no series left")
                .noneMatch(series -> series.contains(s));
        Kit.deleteAndAwaitGone(kinesis, other);
    }

    /**
     * GetRecords beyond 5 calls/s on one shard: the counter equals the refusals the client saw, at the stream's level
     * and, with enhanced monitoring on (ALL), at the shard's.
     */
    @Test
    void readThrottlingCountsEveryRefusedGetRecords() throws Exception {
        String stream = createActive(riffle.kinesis(), name("metrics-throttle"), 1);
        riffle.kinesis().enableEnhancedMonitoring(b -> b.streamName(stream).shardLevelMetrics(MetricsName.ALL));
        SdkClients.fastWaiter(riffle.kinesis(), 100, 300).waitUntilStreamExists(b -> b.streamName(stream));
        riffle.kinesis().putRecord(b -> b.streamName(stream).partitionKey("k").data(Kit.bytes("twelve bytes")));
        int refused = 0;
        try (KinesisClient noRetries = KinesisClient.builder()
                .endpointOverride(riffle.endpoint())
                .region(SdkClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(SdkClients.ACCESS_KEY, SdkClients.SECRET_KEY)))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            String iterator = noRetries.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                    .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
            for (int i = 0; i < 20; i++) {
                try {
                    noRetries.getRecords(b -> b.shardIterator(iterator));
                } catch (ProvisionedThroughputExceededException e) {
                    refused++;
                }
            }
        }
        assertThat(refused).as("20 GetRecords calls back to back against 5 calls/s").isPositive();
        Scrape metrics = scrape(riffle.endpoint());
        String s = "{stream=\"" + stream + "\"}";
        assertThat(metrics.value("riffle_kinesis_read_provisioned_throughput_exceeded_total" + s)).isEqualTo(refused);
        assertThat(metrics.value("riffle_kinesis_get_records_total" + s)).isEqualTo(20 - refused);
        String shard = "{stream=\"" + stream + "\",shard=\"shardId-000000000000\"}";
        assertThat(metrics.value("riffle_kinesis_shard_read_provisioned_throughput_exceeded_total" + shard))
                .isEqualTo(refused);
        assertThat(metrics.value("riffle_kinesis_shard_incoming_records_total" + shard)).isEqualTo(1);
        assertThat(metrics.value("riffle_kinesis_shard_incoming_bytes_total" + shard)).isEqualTo(13); // key + data
        assertThat(metrics.value("riffle_kinesis_shard_outgoing_records_total" + shard)).isZero(); // read from LATEST
        assertThat(metrics.value("riffle_kinesis_shard_outgoing_bytes_total" + shard)).isZero();
        assertThat(metrics.value("riffle_kinesis_shard_iterator_age_milliseconds" + shard)).isZero();
        assertThat(metrics.text).contains("(ReadProvisionedThroughputExceeded, shard level)");
        Kit.deleteAndAwaitGone(riffle.kinesis(), stream);
    }

    // ------------------------------------------------------------------------------------- scraping

    /** One scrape: the text and its samples keyed by {@code name{labels}} as written. */
    record Scrape(String text, Map<String, Double> values) {
        double value(String series) {
            Double v = values.get(series);
            if (v == null) {
                throw new AssertionError("no sample " + series + " in the scrape:\n" + text);
            }
            return v;
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$");

    /** GET /metrics with the JDK's client; checks the status, the Content-Type and every line's syntax. */
    static Scrape scrape(URI endpoint) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            r = client.send(HttpRequest.newBuilder(endpoint.resolve("/metrics")).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(r.statusCode()).as("GET /metrics status; body %s", r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue(CONTENT_TYPE);
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line: '%s'", line).isTrue();
            assertThat(values.put(m.group(1), Double.parseDouble(m.group(2)))).as("series %s twice", m.group(1))
                    .isNull();
        }
        return new Scrape(r.body(), values);
    }
}

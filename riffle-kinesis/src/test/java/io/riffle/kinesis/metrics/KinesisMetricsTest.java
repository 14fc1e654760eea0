package io.riffle.kinesis.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KinesisMetricsTest {

    @Test
    void countsPerStreamUnderKinesisNames() {
        MetricsRegistry registry = new MetricsRegistry();
        KinesisMetrics metrics = new KinesisMetrics(registry, () -> List.of(stream("orders", 1, 0), stream("clicks", 1, 0)));
        KinesisMetrics.Stream orders = metrics.stream("orders");
        orders.stored(500, 1_024_000);
        long started = System.nanoTime();
        orders.putRecordsCall(497, 1, 2, 1_024_500, started);
        orders.stored(1, 10);
        orders.putRecordCall(10, started);
        orders.read(0, 3, 30, 1500, started);
        orders.read(1, 0, 0, 0, started);
        orders.writeThrottled(7);
        orders.readThrottled();
        metrics.stream("orders").onDemandSplit();
        metrics.stream("clicks").stored(2, 20);

        assertThat(metrics.stream("orders")).isSameAs(orders);
        String text = registry.render();
        assertThat(text).contains(
                "# TYPE riffle_kinesis_incoming_bytes_total counter\n"
                        + "riffle_kinesis_incoming_bytes_total{stream=\"clicks\"} 20\n"
                        + "riffle_kinesis_incoming_bytes_total{stream=\"orders\"} 1024010\n",
                "riffle_kinesis_incoming_records_total{stream=\"orders\"} 501\n",
                "riffle_kinesis_put_record_total{stream=\"orders\"} 1\n",
                "riffle_kinesis_put_records_total{stream=\"orders\"} 1\n",
                "riffle_kinesis_get_records_total{stream=\"orders\"} 2\n",
                "riffle_kinesis_outgoing_records_total{stream=\"orders\"} 3\n",
                "riffle_kinesis_outgoing_bytes_total{stream=\"orders\"} 30\n",
                "riffle_kinesis_write_provisioned_throughput_exceeded_total{stream=\"orders\"} 7\n",
                "riffle_kinesis_read_provisioned_throughput_exceeded_total{stream=\"orders\"} 1\n",
                "riffle_kinesis_on_demand_splits_total{stream=\"orders\"} 1\n",
                "riffle_kinesis_on_demand_splits_total{stream=\"clicks\"} 0\n",
                "riffle_kinesis_put_record_bytes_total{stream=\"orders\"} 10\n",
                "riffle_kinesis_put_records_bytes_total{stream=\"orders\"} 1024500\n",
                "riffle_kinesis_put_records_records_total{stream=\"orders\"} 500\n",
                "riffle_kinesis_put_records_successful_records_total{stream=\"orders\"} 497\n",
                "riffle_kinesis_put_records_failed_records_total{stream=\"orders\"} 1\n",
                "riffle_kinesis_put_records_throttled_records_total{stream=\"orders\"} 2\n",
                "riffle_kinesis_put_record_latency_seconds_count{stream=\"orders\"} 1\n",
                "riffle_kinesis_put_records_latency_seconds_count{stream=\"orders\"} 1\n",
                "riffle_kinesis_get_records_latency_seconds_count{stream=\"orders\"} 2\n",
                "riffle_kinesis_get_records_latency_seconds_bucket{stream=\"orders\",le=\"+Inf\"} 2\n",
                "riffle_kinesis_get_records_iterator_age_milliseconds{stream=\"orders\"} 1500\n",
                "# TYPE riffle_kinesis_open_shards gauge\n");
    }

    @Test
    void theSeriesOfADeletedStreamGoAtTheNextScrapeAndComeBackFromZero() {
        MetricsRegistry registry = new MetricsRegistry();
        List<StreamInfo> streams = new ArrayList<>(List.of(stream("gone", 1, 0), stream("kept", 1, 0)));
        KinesisMetrics metrics = new KinesisMetrics(registry, () -> streams);
        MetricsRegistry.CounterFamily other = registry.counter("x_pushed_total", "Another family by stream.", "stream");
        metrics.stream("gone").stored(5, 50);
        metrics.stream("kept").stored(1, 10);
        other.labels("gone").inc();
        assertThat(registry.render()).contains("riffle_kinesis_incoming_records_total{stream=\"gone\"} 5\n",
                "x_pushed_total{stream=\"gone\"} 1\n");

        streams.remove(0); // deleted
        String text = registry.render();
        assertThat(text).doesNotContain("stream=\"gone\"")
                .contains("riffle_kinesis_incoming_records_total{stream=\"kept\"} 1\n");

        streams.add(stream("gone", 1, 0)); // created again under the name
        metrics.stream("gone").stored(2, 20);
        assertThat(registry.render()).contains("riffle_kinesis_incoming_records_total{stream=\"gone\"} 2\n",
                "riffle_kinesis_put_record_total{stream=\"gone\"} 0\n");
    }

    @Test
    void openShardsAreReadFromTheStreamsAtEachScrape() {
        MetricsRegistry registry = new MetricsRegistry();
        List<StreamInfo> streams = new ArrayList<>();
        new KinesisMetrics(registry, () -> streams);
        assertThat(registry.render()).contains("# TYPE riffle_kinesis_open_shards gauge\n")
                .doesNotContain("riffle_kinesis_open_shards{");

        streams.add(stream("b", 4, 1));
        streams.add(stream("a", 2, 0));
        assertThat(registry.render()).contains("riffle_kinesis_open_shards{stream=\"a\"} 2\n"
                + "riffle_kinesis_open_shards{stream=\"b\"} 3\n");
    }

    /** A stream of {@code shards} shards, the first {@code closed} of them closed. */
    @Test
    void shardLevelMetricsCountOnlyWhatEnhancedMonitoringTurnedOn() {
        MetricsRegistry registry = new MetricsRegistry();
        StreamInfo monitored = stream("orders", 2, 0).withShardLevelMetrics(Set.of("IncomingBytes", "IncomingRecords",
                "OutgoingRecords", "IteratorAgeMilliseconds", "WriteProvisionedThroughputExceeded"));
        StreamInfo plain = stream("clicks", 1, 0);
        KinesisMetrics metrics = new KinesisMetrics(registry, () -> List.of(monitored, plain));
        ShardMetrics shards = metrics.shards();
        shards.stored(monitored, "shardId-000000000001", 3, 300);
        shards.stored(monitored, "shardId-000000000001", 1, 50);
        shards.read(monitored, "shardId-000000000000", 4, 400, 1500);
        shards.writeThrottled(monitored, "shardId-000000000000", 2);
        shards.readThrottled(monitored, "shardId-000000000000"); // not turned on
        shards.stored(plain, "shardId-000000000000", 9, 900);

        String text = registry.render();
        assertThat(text).contains(
                "riffle_kinesis_shard_incoming_bytes_total{stream=\"orders\",shard=\"shardId-000000000001\"} 350\n",
                "riffle_kinesis_shard_incoming_records_total{stream=\"orders\",shard=\"shardId-000000000001\"} 4\n",
                "riffle_kinesis_shard_outgoing_records_total{stream=\"orders\",shard=\"shardId-000000000000\"} 4\n",
                "riffle_kinesis_shard_iterator_age_milliseconds{stream=\"orders\",shard=\"shardId-000000000000\"} 1500\n",
                "riffle_kinesis_shard_write_provisioned_throughput_exceeded_total{stream=\"orders\","
                        + "shard=\"shardId-000000000000\"} 2\n");
        assertThat(text).doesNotContain("riffle_kinesis_shard_outgoing_bytes_total{")
                .doesNotContain("riffle_kinesis_shard_read_provisioned_throughput_exceeded_total{")
                .doesNotContain("stream=\"clicks\",shard=");
    }

    static StreamInfo stream(String name, int shards, int closed) {
        List<ShardInfo> list = new ArrayList<>();
        List<HashKeys.Range> ranges = HashKeys.split(shards);
        for (int i = 0; i < shards; i++) {
            ShardInfo shard = ShardInfo.open(i, ranges.get(i), null, null, 0);
            list.add(i < closed ? shard.closed(1, "1", 0) : shard);
        }
        return new StreamInfo(name, 1, StreamInfo.StreamStatus.ACTIVE, 0, "PROVISIONED", 0, 24, list,
                Map.of(), Set.of(), 1024);
    }
}

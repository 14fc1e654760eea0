package io.riffle.it;

import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The Grafana dashboard in the repository ({@code docs/grafana/riffle.json}) queries only metrics a real server
 * exports: after some traffic (PutRecord, PutRecords, GetRecords), every metric name in every panel's PromQL has its
 * family in {@code /metrics} (a histogram's {@code _bucket} series by its family), and the stream-labelled write and
 * read series have a sample for the stream.
 */
class GrafanaDashboardIT {

    static final Path DASHBOARD = Path.of("..", "docs", "grafana", "riffle.json");
    private static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern METRIC = Pattern.compile("\\briffle_[a-z0-9_]+");

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @Test
    void everyMetricTheDashboardQueriesIsInMetrics() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = createActive(kinesis, name("dashboard"), 1);
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(Kit.bytes("one")));
        kinesis.putRecords(b -> b.streamName(stream).records(PutRecordsRequestEntry.builder().partitionKey("k")
                .data(Kit.bytes("two")).build()));
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records()).hasSize(2);

        Set<String> queried = new TreeSet<>();
        Matcher expr = EXPR.matcher(Files.readString(DASHBOARD));
        while (expr.find()) {
            Matcher metric = METRIC.matcher(expr.group(1));
            while (metric.find()) {
                queried.add(metric.group());
            }
        }
        assertThat(queried).as("metrics queried by %s", DASHBOARD).hasSizeGreaterThan(15);

        MetricsIT.Scrape scrape = MetricsIT.scrape(riffle.endpoint());
        for (String name : queried) {
            String family = name.replaceFirst("_(bucket|sum|count)$", "");
            boolean isHistogramSeries = !family.equals(name)
                    && scrape.text().contains("# TYPE " + family + " histogram\n");
            String exported = isHistogramSeries ? family : name;
            assertThat(scrape.text()).as("the dashboard queries %s", name).contains("# TYPE " + exported + " ");
            boolean isWriteOrRead = name.matches("riffle_kinesis_(incoming|outgoing|put_record|get_records).*");
            if (isWriteOrRead) {
                assertThat(scrape.text()).as("a sample of %s for the stream", name)
                        .contains(name + "{stream=\"" + stream + "\"");
            }
        }
    }
}

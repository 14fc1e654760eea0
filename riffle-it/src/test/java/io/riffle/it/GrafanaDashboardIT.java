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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationConfiguration;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;

/**
 * The Grafana dashboard in the repository ({@code docs/grafana/riffle.json}) queries only metrics a real server
 * exports: after the traffic that makes each appear (PutRecord, PutRecords, GetRecords on a stream with enhanced
 * monitoring ALL, an enhanced fan-out consumer subscribed, an event source mapping invoking a function server in the
 * test, a Firehose delivery stream with records put and flushed, and more put), every metric name in every panel's
 * PromQL has its family in {@code /metrics} (a histogram's {@code _bucket} series by its family), and the series of
 * that traffic have a sample for its stream, mapping or delivery stream.
 */
class GrafanaDashboardIT {

    static final Path DASHBOARD = Path.of("..", "docs", "grafana", "riffle.json");
    private static final Pattern EXPR = Pattern.compile("\"expr\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern METRIC = Pattern.compile("\\briffle_[a-z0-9_]+");

    /** The mapping's function: a server in the test speaking the invoke contract. */
    static final FunctionRecorder FUNCTION = new FunctionRecorder();

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("function.recorder.url="
            + FUNCTION.invokeUrl(), "trigger-idle-poll-ms=200", "firehose-create-delay-ms=0");

    @AfterAll
    static void stopFunction() {
        FUNCTION.close();
    }

    @Test
    void everyMetricTheDashboardQueriesIsInMetrics() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = createActive(kinesis, name("dashboard"), 1);
        kinesis.enableEnhancedMonitoring(b -> b.streamName(stream).shardLevelMetrics(MetricsName.ALL));
        kinesis.putRecord(b -> b.streamName(stream).partitionKey("k").data(Kit.bytes("one")));
        kinesis.putRecords(b -> b.streamName(stream).records(PutRecordsRequestEntry.builder().partitionKey("k")
                .data(Kit.bytes("two")).build()));
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records()).hasSize(2);
        assertThat(PushedEvents.pushedThroughNewConsumer(kinesis, riffle.kinesisAsync(), stream, "dashboard-efo",
                "three")).containsExactly("three"); // the subscription stays open: its lag is a series
        String mapping = invokedMapping(SdkClients.streamArn(stream), 3);
        String deliveryStream = deliveredAndBuffered(name("dashboard-fh"));

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
            String labelled = name.matches("riffle_kinesis_(incoming|outgoing|put_record|get_records|shard_(incoming"
                    + "|outgoing|iterator)|subscribe_to_shard_event).*") ? "{stream=\"" + stream + "\""
                    : name.startsWith("riffle_trigger_") ? "{mapping=\"" + mapping + "\""
                    : name.matches("riffle_firehose_(incoming_records|delivery_to_s3_(records|bytes|success|data_fresh"
                    + "ness)|buffer).*") ? "{delivery_stream=\"" + deliveryStream + "\"" : null;
            if (labelled != null) {
                assertThat(scrape.text()).as("a sample of %s for the traffic", name).contains(name + labelled);
            }
        }
        assertThat(FirehoseTesting.metric(riffle.endpoint(), "riffle_firehose_buffered_records", deliveryStream))
                .isEqualTo(2);
    }

    /** A mapping from TRIM_HORIZON on the stream, once the function has been invoked with its {@code records}. */
    private static String invokedMapping(String streamArn, int records) {
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(riffle.endpoint()).region(SdkClients.REGION)
                .credentialsProvider(SdkClients.credentials()).httpClient(ApacheHttpClient.create()).build()) {
            String uuid = lambda.createEventSourceMapping(b -> b.functionName("recorder").eventSourceArn(streamArn)
                    .startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(10)).uuid();
            Kit.await(Duration.ofSeconds(30), "the function invoked", () -> FUNCTION.recordsOf(streamArn).size()
                    == records);
            // the metrics are counted once the invocation has answered
            Kit.await(Duration.ofSeconds(30), "the mapping's records counted", () -> metricsText().contains("riffle_trigger_records_total{mapping=\"" + uuid + "\",outcome=\"processed\"} "
                            + records));
            return uuid;
        }
    }

    private static String metricsText() {
        try {
            return MetricsIT.scrape(riffle.endpoint()).text();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A delivery stream whose first record was delivered (the admin flush) and two more buffered. */
    private static String deliveredAndBuffered(String name) throws Exception {
        try (FirehoseClient firehose = FirehoseTesting.client(riffle.endpoint())) {
            firehose.createDeliveryStream(b -> b.deliveryStreamName(name).deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                    .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder()
                            .roleARN(FirehoseTesting.ROLE).bucketARN("arn:aws:s3:::dashboard").build()));
            Kit.await(Duration.ofSeconds(30), name + " ACTIVE", () -> firehose.describeDeliveryStream(
                    b -> b.deliveryStreamName(name)).deliveryStreamDescription().deliveryStreamStatus()
                    == DeliveryStreamStatus.ACTIVE);
            firehose.putRecord(b -> b.deliveryStreamName(name).record(r -> r.data(Kit.bytes("one\n"))));
            HttpResponse<String> flushed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(riffle.endpoint()
                    .resolve("/riffle/firehose/delivery-streams/" + name + "/flush"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(flushed.body()).contains("\"ObjectsDelivered\":1");
            firehose.putRecordBatch(b -> b.deliveryStreamName(name).records(java.util.List.of(
                    Record.builder().data(Kit.bytes("two\n")).build(), Record.builder().data(Kit.bytes("three\n")).build())));
            Kit.await(Duration.ofSeconds(30), "two records buffered", () -> FirehoseTesting.metric(riffle.endpoint(),
                    "riffle_firehose_buffered_records", name) == 2);
        }
        return name;
    }
}

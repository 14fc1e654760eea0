package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.expectError;
import static io.riffle.it.Kit.expectInvalid;
import static io.riffle.it.Kit.message;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.ListTagsForStreamResponse;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentInputStatus;
import software.amazon.awssdk.services.kinesis.model.MinimumThroughputBillingCommitmentOutputStatus;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.StreamSummary;
import software.amazon.awssdk.services.kinesis.model.Tag;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * Stream and shard administration through the synchronous SDK client: create, describe,
 * list, paginate, retention, tags, limits, monitoring, account settings, delete, ARNs instead
 * of names, and the 400s of operations this version does not implement.
 *
 * <p>The server runs with a shard limit of 10 so the limit is reachable; every test deletes
 * its streams afterwards, so each starts with an empty account.
 */
class StreamLifecycleIT {

    private static final int SHARD_LIMIT = 10;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("shard-limit=" + SHARD_LIMIT);

    private KinesisClient kinesis() {
        return riffle.kinesis();
    }

    @AfterEach
    void deleteAllStreams() {
        KinesisClient kinesis = kinesis();
        List<String> names = new ArrayList<>();
        kinesis.listStreamsPaginator(b -> b.limit(100)).forEach(page -> names.addAll(page.streamNames()));
        for (String name : names) {
            try {
                kinesis.deleteStream(b -> b.streamName(name).enforceConsumerDeletion(true));
            } catch (ResourceNotFoundException alreadyGone) {
                // deleted meanwhile
            }
        }
        for (String name : names) {
            Kit.awaitGone(kinesis, name);
        }
    }

    @Test
    void announcesItselfAndAnswersHealth() {
        RiffleServerProcess server = riffle.server();

        assertThat(server.health()).as("GET /health").isEqualTo(200);
        assertThat(server.listeningLine())
                .startsWith("Riffle ")
                .contains(" listening on http://127.0.0.1:" + server.endpoint().getPort() + " ");
        String announcedDir = server.listeningLine().replaceFirst("^.*\\(data in (.+)\\)$", "$1");
        assertThat(Path.of(announcedDir).toAbsolutePath().normalize())
                .as("the data directory in the listening line")
                .isEqualTo(server.dataDir().toAbsolutePath().normalize());
        assertThat(server.stdout().lines().filter(l -> l.contains("listening on")).count())
                .as("'listening on' lines on stdout:\n%s", server.stdout())
                .isEqualTo(1);
    }

    @Test
    void speaksTheConfiguredWireFormatWithARequestIdOnEveryResponse() {
        WireLog wire = riffle.wireLog();
        wire.clear();

        kinesis().describeLimits();
        expectError(ResourceNotFoundException.class,
                () -> kinesis().describeStreamSummary(b -> b.streamName("no-such-stream")));

        List<WireLog.Exchange> exchanges = wire.exchanges();
        assertThat(exchanges).extracting(WireLog.Exchange::status).containsExactly(200, 400);
        for (WireLog.Exchange e : exchanges) {
            assertThat(e.requestContentType()).as("request Content-Type of %s", e).isEqualTo(SdkClients.expectedContentType());
            assertThat(e.responseContentType()).as("response Content-Type of %s", e)
                    .startsWith(SdkClients.expectedContentType());
            assertThat(e.requestId()).as("x-amzn-RequestId of %s", e).isNotBlank();
            assertThat(e.target()).as("X-Amz-Target").startsWith("Kinesis_20131202.");
        }
        assertThat(exchanges.get(0).requestId()).isNotEqualTo(exchanges.get(1).requestId());
    }

    @Test
    void createdStreamIsDescribedWithEvenlySplitHashKeyRanges() {
        String name = name("lifecycle");
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        kinesis().createStream(b -> b.streamName(name).shardCount(3));

        // create delay 0: ACTIVE at once, so the SDK waiter answers on its first poll
        WaiterResponse<DescribeStreamResponse> waited = kinesis().waiter().waitUntilStreamExists(b -> b.streamName(name));
        assertThat(waited.matched().response()).as("the waiter's matched response").isPresent();
        assertThat(waited.attemptsExecuted()).isEqualTo(1);

        StreamDescription d = kinesis().describeStream(b -> b.streamName(name)).streamDescription();
        assertThat(d.streamName()).isEqualTo(name);
        assertThat(d.streamARN()).isEqualTo(SdkClients.streamArn(name));
        assertThat(d.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(d.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);
        assertThat(d.retentionPeriodHours()).isEqualTo(24);
        assertThat(d.encryptionType()).isEqualTo(EncryptionType.NONE);
        assertThat(d.hasMoreShards()).isFalse();
        assertThat(d.streamCreationTimestamp()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        assertThat(d.enhancedMonitoring()).hasSize(1);
        assertThat(d.enhancedMonitoring().get(0).shardLevelMetrics()).isEmpty();

        assertThat(d.shards()).extracting(Shard::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        BigInteger width = BigInteger.ONE.shiftLeft(128).divide(BigInteger.valueOf(3));
        for (int i = 0; i < 3; i++) {
            Shard s = d.shards().get(i);
            BigInteger start = width.multiply(BigInteger.valueOf(i));
            BigInteger end = i == 2 ? Kit.MAX_HASH_KEY : width.multiply(BigInteger.valueOf(i + 1)).subtract(BigInteger.ONE);
            assertThat(s.hashKeyRange().startingHashKey()).as("start of %s", s.shardId()).isEqualTo(start.toString());
            assertThat(s.hashKeyRange().endingHashKey()).as("end of %s", s.shardId()).isEqualTo(end.toString());
            assertThat(s.sequenceNumberRange().startingSequenceNumber()).as("starting sequence number").matches("\\d+");
            assertThat(s.sequenceNumberRange().endingSequenceNumber()).as("an open shard has no end").isNull();
            assertThat(s.parentShardId()).isNull();
        }

        StreamDescriptionSummary summary = kinesis().describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
        assertThat(summary.streamName()).isEqualTo(name);
        assertThat(summary.streamARN()).isEqualTo(SdkClients.streamArn(name));
        assertThat(summary.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(summary.openShardCount()).isEqualTo(3);
        assertThat(summary.consumerCount()).isZero();
        assertThat(summary.retentionPeriodHours()).isEqualTo(24);
        assertThat(summary.encryptionType()).isEqualTo(EncryptionType.NONE);
        assertThat(summary.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);
        assertThat(summary.streamCreationTimestamp()).isEqualTo(d.streamCreationTimestamp());
        assertThat(summary.enhancedMonitoring()).hasSize(1);
        if (summary.maxRecordSizeInKiB() != null) {
            assertThat(summary.maxRecordSizeInKiB()).as("default max record size").isEqualTo(1024);
        }
    }

    @Test
    void describeStreamPagesShardsWithLimitAndExclusiveStartShardId() {
        String name = createActive(kinesis(), name("describe-paging"), 3);

        StreamDescription first = kinesis().describeStream(b -> b.streamName(name).limit(1)).streamDescription();
        assertThat(first.shards()).extracting(Shard::shardId).containsExactly("shardId-000000000000");
        assertThat(first.hasMoreShards()).isTrue();

        StreamDescription second = kinesis().describeStream(b -> b.streamName(name).limit(1)
                .exclusiveStartShardId("shardId-000000000000")).streamDescription();
        assertThat(second.shards()).extracting(Shard::shardId).containsExactly("shardId-000000000001");
        assertThat(second.hasMoreShards()).isTrue();

        StreamDescription rest = kinesis().describeStream(b -> b.streamName(name).limit(5)
                .exclusiveStartShardId("shardId-000000000001")).streamDescription();
        assertThat(rest.shards()).extracting(Shard::shardId).containsExactly("shardId-000000000002");
        assertThat(rest.hasMoreShards()).isFalse();
    }

    @Test
    void listStreamsPaginatesWithLimitAndReturnsSummaries() {
        List<String> names = IntStream.range(0, 5).mapToObj(i -> "list-" + i + "-" + name("s")).sorted().toList();
        for (String n : names) {
            kinesis().createStream(b -> b.streamName(n).shardCount(1));
        }
        for (String n : names) {
            Kit.awaitActive(kinesis(), n);
        }

        ListStreamsResponse firstPage = kinesis().listStreams(b -> b.limit(2));
        assertThat(firstPage.streamNames()).containsExactlyElementsOf(names.subList(0, 2));
        assertThat(firstPage.hasMoreStreams()).isTrue();
        assertThat(firstPage.nextToken()).isNotBlank();

        List<ListStreamsResponse> pages = new ArrayList<>();
        kinesis().listStreamsPaginator(b -> b.limit(2)).forEach(pages::add);
        assertThat(pages).as("pages of 2 over 5 streams").hasSize(3);
        assertThat(pages).allSatisfy(p -> assertThat(p.streamNames().size()).isLessThanOrEqualTo(2));
        List<String> listed = pages.stream().flatMap(p -> p.streamNames().stream()).toList();
        assertThat(listed).as("streams in name order, each once").containsExactlyElementsOf(names);
        assertThat(pages.get(2).hasMoreStreams()).isFalse();

        List<StreamSummary> summaries = pages.stream().flatMap(p -> p.streamSummaries().stream()).toList();
        assertThat(summaries).extracting(StreamSummary::streamName).containsExactlyElementsOf(names);
        for (StreamSummary s : summaries) {
            assertThat(s.streamARN()).isEqualTo(SdkClients.streamArn(s.streamName()));
            assertThat(s.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
            assertThat(s.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);
            assertThat(s.streamCreationTimestamp()).isCloseTo(Instant.now(), within(60, ChronoUnit.SECONDS));
        }

        ListStreamsResponse afterSecond = kinesis().listStreams(b -> b.exclusiveStartStreamName(names.get(1)));
        assertThat(afterSecond.streamNames()).containsExactlyElementsOf(names.subList(2, 5));
        assertThat(afterSecond.hasMoreStreams()).isFalse();
    }

    @Test
    void listShardsPagesWithMaxResultsAndFilters() {
        String name = createActive(kinesis(), name("list-shards"), 3);
        List<String> all = List.of("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");

        List<String> paged = new ArrayList<>();
        ListShardsResponse page = kinesis().listShards(b -> b.streamName(name).maxResults(1));
        paged.addAll(page.shards().stream().map(Shard::shardId).toList());
        int pages = 1;
        while (page.nextToken() != null) {
            assertThat(page.shards()).hasSizeLessThanOrEqualTo(1);
            String token = page.nextToken();
            page = kinesis().listShards(b -> b.nextToken(token).maxResults(1));
            paged.addAll(page.shards().stream().map(Shard::shardId).toList());
            assertThat(++pages).as("pages").isLessThanOrEqualTo(4);
        }
        assertThat(paged).containsExactlyElementsOf(all);

        String token = kinesis().listShards(b -> b.streamName(name).maxResults(1)).nextToken();
        InvalidArgumentException both = expectError(InvalidArgumentException.class,
                () -> kinesis().listShards(b -> b.streamName(name).nextToken(token)));
        assertThat(message(both)).isNotBlank();

        assertThat(ids(kinesis().listShards(b -> b.streamName(name).exclusiveStartShardId("shardId-000000000000"))))
                .containsExactlyElementsOf(all.subList(1, 3));

        Instant now = Instant.now();
        Map<ShardFilterType, List<String>> expected = new LinkedHashMap<>();
        expected.put(ShardFilterType.AT_LATEST, all);
        expected.put(ShardFilterType.AT_TRIM_HORIZON, all);
        expected.put(ShardFilterType.FROM_TRIM_HORIZON, all);
        expected.put(ShardFilterType.AT_TIMESTAMP, all);
        expected.put(ShardFilterType.FROM_TIMESTAMP, all);
        expected.forEach((type, shards) -> {
            boolean timed = type == ShardFilterType.AT_TIMESTAMP || type == ShardFilterType.FROM_TIMESTAMP;
            ListShardsResponse r = kinesis().listShards(b -> b.streamName(name)
                    .shardFilter(f -> f.type(type).timestamp(timed ? now : null)));
            assertThat(ids(r)).as("ShardFilter %s", type).containsExactlyElementsOf(shards);
        });
        ListShardsResponse afterFirst = kinesis().listShards(b -> b.streamName(name)
                .shardFilter(f -> f.type(ShardFilterType.AFTER_SHARD_ID).shardId("shardId-000000000000")));
        assertThat(ids(afterFirst)).as("ShardFilter AFTER_SHARD_ID").containsExactlyElementsOf(all.subList(1, 3));
    }

    @Test
    void retentionIncreasesAndDecreasesWithinLimits() {
        String name = createActive(kinesis(), name("retention"), 1);

        kinesis().increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(48));
        assertThat(retention(name)).isEqualTo(48);
        kinesis().increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(8760));
        assertThat(retention(name)).isEqualTo(8760);
        kinesis().decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(24));
        assertThat(retention(name)).isEqualTo(24);
        assertThat(kinesis().describeStream(b -> b.streamName(name)).streamDescription().retentionPeriodHours()).isEqualTo(24);

        expectError(InvalidArgumentException.class,
                () -> kinesis().increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(8761)));
        expectError(InvalidArgumentException.class,
                () -> kinesis().decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(23)));
        expectError(InvalidArgumentException.class,
                () -> kinesis().increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(10)));
        kinesis().increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(72));
        InvalidArgumentException shorter = expectError(InvalidArgumentException.class,
                () -> kinesis().increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(48)));
        assertThat(message(shorter)).as("increase below the current retention").isNotBlank();
        expectError(InvalidArgumentException.class,
                () -> kinesis().decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(96)));
        assertThat(retention(name)).as("failed changes change nothing").isEqualTo(72);
    }

    @Test
    void creatingAnExistingStreamIsResourceInUse() {
        String name = createActive(kinesis(), name("twice"), 1);

        ResourceInUseException e = expectError(ResourceInUseException.class,
                () -> kinesis().createStream(b -> b.streamName(name).shardCount(1)));
        assertThat(message(e)).contains(name);
    }

    @Test
    void invalidCreateRequestsAreRejected() {
        expectInvalid(() -> kinesis().createStream(b -> b.streamName("bad name!").shardCount(1)));
        expectInvalid(() -> kinesis().createStream(b -> b.streamName("x".repeat(129)).shardCount(1)));
        expectInvalid(() -> kinesis().createStream(b -> b.streamName(name("zero")).shardCount(0)));
        assertThat(kinesis().listStreams().streamNames()).as("nothing was created").isEmpty();
    }

    @Test
    void unknownStreamsAreResourceNotFound() {
        String missing = name("missing");
        List<Consumer<KinesisClient>> calls = List.of(
                k -> k.describeStream(b -> b.streamName(missing)),
                k -> k.describeStreamSummary(b -> b.streamName(missing)),
                k -> k.deleteStream(b -> b.streamName(missing)),
                k -> k.listShards(b -> b.streamName(missing)),
                k -> k.putRecord(b -> b.streamName(missing).partitionKey("k").data(bytes("x"))),
                k -> k.putRecords(b -> b.streamName(missing).records(
                        PutRecordsRequestEntry.builder().partitionKey("k").data(bytes("x")).build())),
                k -> k.getShardIterator(b -> b.streamName(missing).shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)),
                k -> k.addTagsToStream(b -> b.streamName(missing).tags(Map.of("a", "b"))),
                k -> k.listTagsForStream(b -> b.streamName(missing)),
                k -> k.increaseStreamRetentionPeriod(b -> b.streamName(missing).retentionPeriodHours(48)),
                k -> k.listTagsForResource(b -> b.resourceARN(SdkClients.streamArn(missing))),
                k -> k.describeStreamSummary(b -> b.streamARN(SdkClients.streamArn(missing))));
        for (Consumer<KinesisClient> call : calls) {
            ResourceNotFoundException e = expectError(ResourceNotFoundException.class, () -> call.accept(kinesis()));
            assertThat(message(e)).as("message of %s", Kit.describe(e)).contains(missing);
        }
    }

    @Test
    void tagsByStreamName() {
        String name = name("tags");
        kinesis().createStream(b -> b.streamName(name).shardCount(1).tags(Map.of("created", "with-stream")));
        Kit.awaitActive(kinesis(), name);

        kinesis().addTagsToStream(b -> b.streamName(name).tags(Map.of("team", "blue", "env", "test")));
        kinesis().addTagsToStream(b -> b.streamName(name).tags(Map.of("team", "green")));
        assertThat(tagsOfStream(name)).isEqualTo(Map.of("created", "with-stream", "team", "green", "env", "test"));

        ListTagsForStreamResponse firstTag = kinesis().listTagsForStream(b -> b.streamName(name).limit(1));
        assertThat(firstTag.tags()).hasSize(1);
        assertThat(firstTag.hasMoreTags()).isTrue();
        String startKey = firstTag.tags().get(0).key();
        ListTagsForStreamResponse rest = kinesis().listTagsForStream(b -> b.streamName(name).exclusiveStartTagKey(startKey));
        assertThat(rest.hasMoreTags()).isFalse();
        assertThat(rest.tags()).hasSize(2).extracting(Tag::key).doesNotContain(startKey);

        kinesis().removeTagsFromStream(b -> b.streamName(name).tagKeys("env", "created"));
        assertThat(tagsOfStream(name)).isEqualTo(Map.of("team", "green"));
    }

    @Test
    void tagsByResourceArn() {
        String name = createActive(kinesis(), name("arn-tags"), 1);
        String arn = SdkClients.streamArn(name);

        kinesis().tagResource(b -> b.resourceARN(arn).tags(Map.of("owner", "riffle", "tier", "gold")));
        assertThat(tagMap(kinesis().listTagsForResource(b -> b.resourceARN(arn)).tags()))
                .isEqualTo(Map.of("owner", "riffle", "tier", "gold"));
        assertThat(tagsOfStream(name)).as("the same tags by stream name").isEqualTo(Map.of("owner", "riffle", "tier", "gold"));

        kinesis().untagResource(b -> b.resourceARN(arn).tagKeys("tier"));
        assertThat(tagMap(kinesis().listTagsForResource(b -> b.resourceARN(arn)).tags())).isEqualTo(Map.of("owner", "riffle"));
    }

    @Test
    void describeLimitsAndTheShardLimit() {
        DescribeLimitsResponse empty = kinesis().describeLimits();
        assertThat(empty.shardLimit()).isEqualTo(SHARD_LIMIT);
        assertThat(empty.openShardCount()).isZero();
        assertThat(empty.onDemandStreamCount()).isZero();
        assertThat(empty.onDemandStreamCountLimit()).isEqualTo(50);

        createActive(kinesis(), name("big"), 8);
        assertThat(kinesis().describeLimits().openShardCount()).isEqualTo(8);

        LimitExceededException over = expectError(LimitExceededException.class,
                () -> kinesis().createStream(b -> b.streamName(name("too-many")).shardCount(3)));
        assertThat(message(over)).isNotBlank();
        expectError(LimitExceededException.class,
                () -> kinesis().createStream(b -> b.streamName(name("way-too-many")).shardCount(SHARD_LIMIT + 1)));

        createActive(kinesis(), name("fits"), 2);
        assertThat(kinesis().describeLimits().openShardCount()).as("exactly at the limit").isEqualTo(SHARD_LIMIT);
        expectError(LimitExceededException.class,
                () -> kinesis().createStream(b -> b.streamName(name("one-more")).shardCount(1)));
    }

    @Test
    void onDemandStreamsAreCountedAsOnDemand() {
        String name = name("on-demand");
        kinesis().createStream(b -> b.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
        Kit.awaitActive(kinesis(), name);

        StreamDescriptionSummary s = kinesis().describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
        assertThat(s.streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
        assertThat(s.openShardCount()).isPositive();
        assertThat(kinesis().describeLimits().onDemandStreamCount()).isEqualTo(1);
    }

    @Test
    void enhancedMonitoringIsEnabledAndDisabled() {
        String name = createActive(kinesis(), name("monitoring"), 1);

        var enabled = kinesis().enableEnhancedMonitoring(b -> b.streamName(name)
                .shardLevelMetrics(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_BYTES));
        assertThat(enabled.streamName()).isEqualTo(name);
        assertThat(enabled.currentShardLevelMetrics()).isEmpty();
        assertThat(enabled.desiredShardLevelMetrics())
                .containsExactlyInAnyOrder(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_BYTES);
        assertThat(kinesis().describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary()
                .enhancedMonitoring().get(0).shardLevelMetrics())
                .containsExactlyInAnyOrder(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_BYTES);

        var disabled = kinesis().disableEnhancedMonitoring(b -> b.streamName(name)
                .shardLevelMetrics(MetricsName.INCOMING_BYTES));
        assertThat(disabled.currentShardLevelMetrics())
                .containsExactlyInAnyOrder(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_BYTES);
        assertThat(disabled.desiredShardLevelMetrics()).containsExactly(MetricsName.OUTGOING_BYTES);

        var all = kinesis().enableEnhancedMonitoring(b -> b.streamARN(SdkClients.streamArn(name))
                .shardLevelMetrics(MetricsName.ALL));
        assertThat(all.desiredShardLevelMetrics()).as("ALL expands to every shard-level metric")
                .containsExactlyInAnyOrder(MetricsName.INCOMING_BYTES, MetricsName.INCOMING_RECORDS,
                        MetricsName.OUTGOING_BYTES, MetricsName.OUTGOING_RECORDS,
                        MetricsName.WRITE_PROVISIONED_THROUGHPUT_EXCEEDED,
                        MetricsName.READ_PROVISIONED_THROUGHPUT_EXCEEDED, MetricsName.ITERATOR_AGE_MILLISECONDS);
        assertThat(kinesis().disableEnhancedMonitoring(b -> b.streamName(name).shardLevelMetrics(MetricsName.ALL))
                .desiredShardLevelMetrics()).isEmpty();
    }

    @Test
    void updateMaxRecordSizeRaisesTheRecordLimit() {
        String name = createActive(kinesis(), name("max-record"), 1);
        String arn = SdkClients.streamArn(name);
        int oneAndAHalfMiB = 1536 * 1024;

        expectInvalid(() -> kinesis().putRecord(b -> b.streamName(name).partitionKey("k").data(bytes(oneAndAHalfMiB, 1))));

        kinesis().updateMaxRecordSize(b -> b.streamARN(arn).maxRecordSizeInKiB(2048));
        Kit.awaitActive(kinesis(), name);
        assertThat(kinesis().describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().maxRecordSizeInKiB())
                .isEqualTo(2048);

        String seq = kinesis().putRecord(b -> b.streamName(name).partitionKey("k").data(bytes(oneAndAHalfMiB, 1)))
                .sequenceNumber();
        assertThat(Kit.readAll(kinesis(), name, "shardId-000000000000")).singleElement().satisfies(r -> {
            assertThat(r.sequenceNumber()).isEqualTo(seq);
            assertThat(r.data()).isEqualTo(bytes(oneAndAHalfMiB, 1));
        });

        // the API reference: "a value out of this range ... sends back an ValidationException"
        expectError(ValidationException.class, () -> kinesis().updateMaxRecordSize(b -> b.streamARN(arn).maxRecordSizeInKiB(100)));
        expectError(ValidationException.class, () -> kinesis().updateMaxRecordSize(b -> b.streamARN(arn).maxRecordSizeInKiB(10241)));
    }

    @Test
    void accountSettingsAreDescribedAndUpdated() {
        kinesis().describeAccountSettings(b -> { });

        var enabled = kinesis().updateAccountSettings(b -> b.minimumThroughputBillingCommitment(
                c -> c.status(MinimumThroughputBillingCommitmentInputStatus.ENABLED)));
        assertThat(enabled.minimumThroughputBillingCommitment().status())
                .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED);
        assertThat(kinesis().describeAccountSettings(b -> { }).minimumThroughputBillingCommitment().status())
                .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED);

        // the API reference: a commitment lasts 24 hours at least; disabling it sooner schedules its end then
        var started = enabled.minimumThroughputBillingCommitment();
        assertThat(started.earliestAllowedEndAt()).isEqualTo(started.startedAt().plus(java.time.Duration.ofHours(24)));
        var disabled = kinesis().updateAccountSettings(b -> b.minimumThroughputBillingCommitment(
                c -> c.status(MinimumThroughputBillingCommitmentInputStatus.DISABLED)));
        assertThat(disabled.minimumThroughputBillingCommitment().status())
                .isEqualTo(MinimumThroughputBillingCommitmentOutputStatus.ENABLED_UNTIL_EARLIEST_ALLOWED_END);
        assertThat(disabled.minimumThroughputBillingCommitment().endedAt()).isEqualTo(started.earliestAllowedEndAt());
        assertThat(kinesis().describeAccountSettings(b -> { }).minimumThroughputBillingCommitment())
                .isEqualTo(disabled.minimumThroughputBillingCommitment());
        var again = kinesis().updateAccountSettings(b -> b.minimumThroughputBillingCommitment(
                c -> c.status(MinimumThroughputBillingCommitmentInputStatus.ENABLED)));
        assertThat(again.minimumThroughputBillingCommitment()).as("enabling again cancels the scheduled end")
                .isEqualTo(started);
    }

    @Test
    void deletedStreamIsGoneAndItsNameReusable() {
        String name = createActive(kinesis(), name("delete"), 2);
        kinesis().putRecord(b -> b.streamName(name).partitionKey("k").data(bytes("doomed")));
        String iterator = kinesis().getShardIterator(b -> b.streamName(name).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();

        kinesis().deleteStream(b -> b.streamName(name));
        Kit.awaitGone(kinesis(), name);

        expectError(ResourceNotFoundException.class, () -> kinesis().getRecords(b -> b.shardIterator(iterator)));
        assertThat(kinesis().listStreams().streamNames()).doesNotContain(name);
        expectError(ResourceNotFoundException.class, () -> kinesis().describeStream(b -> b.streamName(name)));
        expectError(ResourceNotFoundException.class,
                () -> kinesis().putRecord(b -> b.streamName(name).partitionKey("k").data(bytes("x"))));
        expectError(ResourceNotFoundException.class, () -> kinesis().deleteStream(b -> b.streamName(name)));
        assertThat(kinesis().describeLimits().openShardCount()).as("a deleted stream's shards are not open").isZero();

        createActive(kinesis(), name, 1);
        assertThat(kinesis().describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().openShardCount())
                .isEqualTo(1);
    }

    @Test
    void streamArnIsAcceptedInsteadOfTheName() {
        String name = createActive(kinesis(), name("by-arn"), 2);
        String arn = SdkClients.streamArn(name);

        assertThat(kinesis().describeStreamSummary(b -> b.streamARN(arn)).streamDescriptionSummary().streamName())
                .isEqualTo(name);
        assertThat(kinesis().describeStream(b -> b.streamARN(arn)).streamDescription().shards()).hasSize(2);
        assertThat(kinesis().listShards(b -> b.streamARN(arn)).shards()).hasSize(2);

        var put = kinesis().putRecord(b -> b.streamARN(arn).partitionKey("by-arn").data(bytes("via arn")));
        assertThat(put.shardId()).isEqualTo(Kit.shardOwning(Kit.shards(kinesis(), name), Kit.hashKey("by-arn")));
        var puts = kinesis().putRecords(b -> b.streamARN(arn).records(
                PutRecordsRequestEntry.builder().partitionKey("by-arn").data(bytes("batch via arn")).build()));
        assertThat(puts.failedRecordCount()).isZero();

        String iterator = kinesis().getShardIterator(b -> b.streamARN(arn).shardId(put.shardId())
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(put.sequenceNumber()))
                .shardIterator();
        var got = kinesis().getRecords(b -> b.streamARN(arn).shardIterator(iterator));
        assertThat(got.records()).extracting(r -> r.data().asUtf8String()).containsExactly("via arn", "batch via arn");

        kinesis().addTagsToStream(b -> b.streamARN(arn).tags(Map.of("k", "v")));
        assertThat(tagMap(kinesis().listTagsForStream(b -> b.streamARN(arn)).tags())).isEqualTo(Map.of("k", "v"));
        kinesis().increaseStreamRetentionPeriod(b -> b.streamARN(arn).retentionPeriodHours(36));
        assertThat(retention(name)).isEqualTo(36);

        kinesis().deleteStream(b -> b.streamARN(arn));
        Kit.awaitGone(kinesis(), name);
    }

    static Stream<Arguments> operationsOfLaterIssues() {
        Map<String, Consumer<StreamRef>> ops = new LinkedHashMap<>();
        ops.put("StartStreamEncryption", s -> s.kinesis.startStreamEncryption(b -> b.streamName(s.name)
                .encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis")));
        ops.put("StopStreamEncryption", s -> s.kinesis.stopStreamEncryption(b -> b.streamName(s.name)
                .encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis")));
        return ops.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operationsOfLaterIssues")
    void operationsOfLaterIssuesAnswerANonRetryable400(String operation, Consumer<StreamRef> call) {
        String name = createActive(kinesis(), name("later"), 2);
        riffle.wireLog().clear();

        KinesisException e = expectError(KinesisException.class, () -> call.accept(new StreamRef(kinesis(), name)));

        assertThat(message(e)).as("message of %s", Kit.describe(e)).containsIgnoringCase("not supported");
        assertThat(Kit.errorCode(e)).as("__type").isNotIn("InternalFailure", "ServiceUnavailable", "ThrottlingException");
        assertThat(riffle.wireLog().of(operation)).as("HTTP attempts for %s", operation).hasSize(1);
    }

    record StreamRef(KinesisClient kinesis, String name) {
        String arn() {
            return SdkClients.streamArn(name);
        }
    }

    private int retention(String name) {
        return kinesis().describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary().retentionPeriodHours();
    }

    private Map<String, String> tagsOfStream(String name) {
        return tagMap(kinesis().listTagsForStream(b -> b.streamName(name)).tags());
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, t -> t.value() == null ? "" : t.value()));
    }

    private static List<String> ids(ListShardsResponse r) {
        return r.shards().stream().map(Shard::shardId).toList();
    }
}

package io.riffle.firehose;

import io.riffle.firehose.control.FirehoseSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.aws.wire.AwsServiceException;
import io.riffle.aws.wire.Blob;
import io.riffle.firehose.control.DeliveryStream;
import io.riffle.firehose.delivery.Deliverer;
import io.riffle.firehose.delivery.DeliveryTracker;
import io.riffle.firehose.delivery.FolderObjectStore;
import io.riffle.firehose.delivery.ObjectStore;
import io.riffle.firehose.model.BufferingHints;
import io.riffle.firehose.model.CreateDeliveryStreamInput;
import io.riffle.firehose.model.DeleteDeliveryStreamInput;
import io.riffle.firehose.model.DynamicPartitioningConfiguration;
import io.riffle.firehose.model.ExtendedS3DestinationConfiguration;
import io.riffle.firehose.model.ProcessingConfiguration;
import io.riffle.firehose.model.Processor;
import io.riffle.firehose.model.ProcessorParameter;
import io.riffle.firehose.model.PutRecordBatchInput;
import io.riffle.firehose.model.PutRecordBatchOutput;
import io.riffle.firehose.model.Record;
import io.riffle.firehose.model.RetryOptions;
import io.riffle.storage.LogCapture;
import io.riffle.storage.LogStore;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.memory.InMemoryLogStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Firehose in process on a manual clock: buffering by interval and size, keys, GZIP, retries, restarts. */
class FirehoseDeliveryTest {
    private static final Instant START = Instant.parse("2026-12-04T07:00:00Z");
    /** The active partitions limit (Firehose's is 500; a few make the test short). */
    private static final int ACTIVE_PARTITIONS = 5;

    @RegisterExtension
    final LogCapture logs = LogCapture.ofNames(Deliverer.class.getName(),
            "io.riffle.firehose.delivery.PartitionedDelivery")
            .expect(Level.WARN, "failed, retrying until it succeeds").expect(Level.WARN, "within RetryOptions")
            .expect(Level.WARN, "undelivered and are dropped");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START);
    private LogStore store;
    private Firehose firehose;
    private FlakyStore objects;
    private MetricsRegistry metrics; // a new one for each opening, as a restarted server has

    /** The folder store, failing while {@code failuresLeft} > 0. */
    static final class FlakyStore implements ObjectStore {
        final FolderObjectStore folder;
        final AtomicInteger failuresLeft = new AtomicInteger();
        final List<String> putKeys = new ArrayList<>();

        FlakyStore(Path root) {
            folder = new FolderObjectStore(root);
        }

        @Override
        public void put(String bucket, String key, byte[] bytes, String contentEncoding) throws IOException {
            putKeys.add(key);
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("connection refused (the test's S3 is down)");
            }
            folder.put(bucket, key, bytes, contentEncoding);
        }

        @Override
        public String describe() {
            return "the test's store";
        }
    }

    @BeforeEach
    void open() throws IOException {
        store = InMemoryLogStore.open(new StoreConfig().clockMs(clock::millis));
        objects = new FlakyStore(dir.resolve("s3"));
        firehose = open(store);
    }

    private Firehose open(LogStore on) throws IOException {
        FirehoseSettings settings = FirehoseSettings.defaults("us-east-1", "000000000000").withDelays(0, 0)
                .withMaxActivePartitions(ACTIVE_PARTITIONS);
        metrics = new MetricsRegistry();
        return Firehose.open(on, settings, clock, objects, metrics, null, null, false);
    }

    @AfterEach
    void close() {
        firehose.close();
        store.close();
        assertThat(logs.unexpected()).isEmpty();
    }

    private void create(String name, int sizeMiB, int intervalSeconds, String compression, String prefix) {
        firehose.control().create(CreateDeliveryStreamInput.builder().deliveryStreamName(name)
                .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder()
                        .roleARN("arn:aws:iam::000000000000:role/firehose").bucketARN("arn:aws:s3:::b")
                        .prefix(prefix).bufferingHints(new BufferingHints(sizeMiB, intervalSeconds))
                        .compressionFormatAsString(compression).build()).build()).join();
        firehose.fireDueTimers().join();
        assertThat(firehose.registry().get(name)).get().extracting(DeliveryStream::isActive).isEqualTo(true);
    }

    private PutRecordBatchOutput put(String name, String... records) {
        List<Record> list = Stream.of(records).map(r -> new Record(Blob.wrap(r.getBytes(StandardCharsets.UTF_8)))).toList();
        return firehose.records().putRecordBatch(new PutRecordBatchInput(name, list)).join();
    }

    private List<Path> objectsIn(String bucket) throws IOException {
        Path root = dir.resolve("s3").resolve(bucket);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void anIntervalBufferIsDeliveredOnceItsOldestRecordIsOldEnough() throws IOException {
        create("orders", 5, 60, "GZIP", "logs/");
        clock.advanceMs(5_000);
        assertThat(put("orders", "a\n", "b\n").failedPutCount()).isZero();
        clock.advanceMs(30_000);
        put("orders", "c\n");
        assertThat(firehose.deliverNow()).isZero();
        clock.advanceMs(29_999);
        assertThat(firehose.deliverNow()).isZero();
        clock.advanceMs(1);
        assertThat(firehose.deliverNow()).isEqualTo(1);

        List<Path> files = objectsIn("b");
        assertThat(files).hasSize(1);
        String key = dir.resolve("s3/b").relativize(files.get(0)).toString();
        assertThat(key).matches("logs/2026/12/04/07/orders-1-2026-12-04-07-00-05-[0-9a-f-]{36}\\.gz");
        assertThat(gunzip(files.get(0))).isEqualTo("a\nb\nc\n");
        assertThat(firehose.registry().get("orders").get().deliveredTo()).isEqualTo(3);
        assertThat(firehose.deliverNow()).isZero();
    }

    @Test
    void aSizeBufferIsDeliveredAtOnceAndTheRestWaits() throws IOException {
        create("big", 1, 900, "UNCOMPRESSED", "");
        String half = "x".repeat(600 * 1024);
        assertThat(put("big", half, half, "tail").failedPutCount()).isZero();
        assertThat(firehose.deliverNow()).as("%s", firehose.registry().get("big")).isEqualTo(1);
        List<Path> files = objectsIn("b");
        assertThat(files).singleElement().satisfies(f -> assertThat(Files.size(f)).isEqualTo(1200 * 1024));
        assertThat(firehose.registry().get("big").get().deliveredTo()).isEqualTo(2);
        firehose.flush("big").join();
        assertThat(objectsIn("b")).hasSize(2);
        assertThat(firehose.registry().get("big").get().deliveredTo()).isEqualTo(3);
    }

    @Test
    void aFailingStoreIsRetriedWithTheSameKeyUntilItWorksAndNothingIsLostOrDoubled() throws IOException {
        create("retry", 5, 0, "GZIP", "");
        put("retry", "one", "two");
        objects.failuresLeft.set(3);
        assertThat(firehose.deliverNow()).isZero();
        put("retry", "three");
        for (int i = 0; i < 3; i++) {
            clock.advanceMs(60_000);
            firehose.deliverNow();
        }
        assertThat(objects.failuresLeft.get()).isZero();
        assertThat(objects.putKeys).hasSize(5); // 4 attempts at the first object, then the second
        assertThat(objects.putKeys.subList(0, 4)).containsOnly(objects.putKeys.get(0));
        List<Path> files = objectsIn("b");
        assertThat(files).hasSize(2);
        StringBuilder all = new StringBuilder();
        for (Path f : files) {
            all.append(gunzip(f));
        }
        assertThat(all.toString()).isEqualTo("onetwothree");
        assertThat(logs.messages(Level.WARN)).singleElement().asString().contains("retry");
    }

    @Test
    void recordsThatPassTheRetentionUndeliveredAreCountedLoggedAndSkipped() throws IOException {
        firehose.close();
        store.close();
        store = InMemoryLogStore.open(new StoreConfig().clockMs(clock::millis)); // retention on the test's clock
        MetricsRegistry metrics = new MetricsRegistry();
        FirehoseSettings settings = FirehoseSettings.defaults("us-east-1", "000000000000").withDelays(0, 0);
        firehose = Firehose.open(store, settings, clock, objects, metrics, null, null, false);
        create("stale", 5, 60, "UNCOMPRESSED", "");
        put("stale", "a", "b", "c");
        objects.failuresLeft.set(Integer.MAX_VALUE); // S3 down for more than a day
        clock.advanceMs(60_000);
        assertThat(firehose.deliverNow()).isZero();
        assertThat(firehose.registry().get("stale").get().planned()).isNotNull();
        clock.advanceMs(settings.recordRetentionMs());
        store.maintain();
        objects.failuresLeft.set(0);
        put("stale", "d");
        clock.advanceMs(60_000);
        assertThat(firehose.deliverNow()).isEqualTo(1);

        List<Path> files = objectsIn("b");
        assertThat(files).singleElement().satisfies(f -> assertThat(Files.readString(f)).isEqualTo("d"));
        assertThat(metrics.render()).contains("riffle_firehose_expired_records_total{delivery_stream=\"stale\"} 3");
        assertThat(logs.messages(Level.WARN)).filteredOn(m -> m.contains("undelivered and are dropped")).singleElement()
                .asString().contains("Firehose stale: 3 records (log positions 0..2)");
        assertThat(firehose.registry().get("stale").get().objectsDelivered()).isEqualTo(1);
        assertThat(new FirehoseAdmin(firehose).status("stale").orElseThrow().lastDeliveries())
                .extracting(d -> d.errorCode() + " " + d.records()).containsExactly("null 1", "RecordsExpired 3", "S3.PutObjectFailed 3");
    }

    @Test
    void aPlannedObjectSurvivesARestartAndIsWrittenUnderItsPlannedKey() throws IOException {
        create("crash", 5, 0, "GZIP", "p/");
        put("crash", "r1", "r2");
        objects.failuresLeft.set(1);
        firehose.deliverNow();
        String plannedKey = firehose.registry().get("crash").get().planned().key();
        firehose.close();

        firehose = open(store);
        assertThat(firehose.registry().get("crash").get().planned().key()).isEqualTo(plannedKey);
        clock.advanceMs(1);
        assertThat(firehose.deliverNow()).isEqualTo(1);
        assertThat(objects.putKeys).containsExactly(plannedKey, plannedKey);
        assertThat(objectsIn("b")).singleElement().satisfies(f -> assertThat(gunzip(f)).isEqualTo("r1r2"));
        assertThat(firehose.registry().get("crash").get().planned()).isNull();
    }

    @Test
    void theStatusShowsTheBufferThenAFailedAttemptThenTheDelivery() {
        create("seen", 5, 60, "UNCOMPRESSED", "");
        put("seen", "ab", "cde");
        assertThat(firehose.deliverNow()).isZero();
        FirehoseAdmin admin = new FirehoseAdmin(firehose);
        DeliveryStatus buffered = admin.status("seen").orElseThrow();
        assertThat(buffered.buffers()).containsExactly(new DeliveryTracker.BufferFill(null, 2, 5, START.toEpochMilli()));
        assertThat(buffered.sizeHintBytes()).isEqualTo(5L << 20);
        assertThat(buffered.intervalHintMs()).isEqualTo(60_000);
        assertThat(buffered.isDynamicPartitioning()).isFalse();
        assertThat(buffered.delivering()).isNull();
        assertThat(buffered.lastDeliveries()).isEmpty();

        objects.failuresLeft.set(1);
        clock.advanceMs(60_000);
        assertThat(firehose.deliverNow()).isZero();
        DeliveryStatus failing = admin.status("seen").orElseThrow();
        assertThat(failing.buffers()).isEmpty();
        String target = "b/" + firehose.registry().get("seen").get().planned().key();
        assertThat(failing.delivering().target()).isEqualTo(target);
        assertThat(failing.lastDeliveries()).containsExactly(new DeliveryTracker.Delivery("ExtendedS3", target, 2, 0,
                START.toEpochMilli() + 60_000, "S3.PutObjectFailed", "connection refused (the test's S3 is down)"));

        clock.advanceMs(60_000);
        assertThat(firehose.deliverNow()).isEqualTo(1);
        DeliveryStatus delivered = admin.status("seen").orElseThrow();
        assertThat(delivered.delivering()).isNull();
        assertThat(delivered.objectsDelivered()).isEqualTo(1);
        assertThat(delivered.lastDeliveries()).hasSize(2).first().isEqualTo(DeliveryTracker.Delivery.succeeded(
                "ExtendedS3", target, 2, 5, START.toEpochMilli() + 120_000));
        assertThat(admin.status("nowhere")).isEmpty();
        logs.messages(Level.WARN); // the failed attempt's warning is expected
    }

    @Test
    void theStatusShowsEachDynamicPartitionsBuffer() {
        createPartitioned("parts", 1, 60);
        put("parts", "{\"c\":\"x\"}", "{\"c\":\"y\"}", "{\"c\":\"x\"}");
        assertThat(firehose.deliverNow()).isZero();
        DeliveryStatus status = new FirehoseAdmin(firehose).status("parts").orElseThrow();
        assertThat(status.isDynamicPartitioning()).isTrue();
        assertThat(status.buffers()).containsExactlyInAnyOrder(
                new DeliveryTracker.BufferFill("data: c=x/2026/12/04/07/", 2, 18, START.toEpochMilli()),
                new DeliveryTracker.BufferFill("data: c=y/2026/12/04/07/", 1, 9, START.toEpochMilli()));
    }

    private void createPartitioned(String name, int sizeMiB, int intervalSeconds) {
        createPartitioned(name, sizeMiB, intervalSeconds, 300);
    }

    private void createPartitioned(String name, int sizeMiB, int intervalSeconds, int retrySeconds) {
        firehose.control().create(CreateDeliveryStreamInput.builder().deliveryStreamName(name)
                .extendedS3DestinationConfiguration(ExtendedS3DestinationConfiguration.builder()
                        .roleARN("arn:aws:iam::000000000000:role/firehose").bucketARN("arn:aws:s3:::b")
                        .prefix("c=!{partitionKeyFromQuery:c}/").errorOutputPrefix("err/!{firehose:error-output-type}/")
                        .bufferingHints(new BufferingHints(sizeMiB, intervalSeconds))
                        .compressionFormatAsString("UNCOMPRESSED")
                        .dynamicPartitioningConfiguration(DynamicPartitioningConfiguration.builder().enabled(true)
                                .retryOptions(new RetryOptions(retrySeconds)).build())
                        .processingConfiguration(new ProcessingConfiguration(true, List.of(Processor.builder()
                                .typeAsString("MetadataExtraction").parameters(List.of(
                                        new ProcessorParameter("MetadataExtractionQuery", "{c: .c}"),
                                        new ProcessorParameter("JsonParsingEngine", "JQ-1.6"))).build())))
                        .build()).build()).join();
        firehose.fireDueTimers().join();
    }

    @Test
    void aPartitionThatCannotBePutWithinTheRetryDurationGoesToTheErrorPrefix() throws IOException {
        createPartitioned("giveup", 5, 60, 120);
        put("giveup", "{\"c\":\"x\",\"n\":1}");
        objects.failuresLeft.set(1_000);
        clock.advanceMs(60_000);
        assertThat(firehose.deliverNow()).isZero();
        for (int i = 0; i < 3; i++) { // retried with the backoff, up to two minutes after the first attempt
            clock.advanceMs(30_000);
            assertThat(firehose.deliverNow()).isZero();
        }
        int attempts = objects.putKeys.size();
        assertThat(objects.putKeys).containsOnly(objects.putKeys.get(0));
        objects.failuresLeft.set(1); // the prefix still fails; the error prefix takes the records
        clock.advanceMs(30_000);
        assertThat(firehose.deliverNow()).isEqualTo(1);
        String errorKey = objects.putKeys.get(objects.putKeys.size() - 1);
        assertThat(errorKey).startsWith("err/s3-failed/2026/12/04/07/giveup-1-");
        assertThat(Files.readString(dir.resolve("s3/b").resolve(errorKey)))
                .contains("\"errorCode\":\"S3.PutObjectFailed\"", "\"attemptsMade\":" + (attempts + 1),
                        java.util.Base64.getEncoder().encodeToString("{\"c\":\"x\",\"n\":1}"
                                .getBytes(StandardCharsets.UTF_8)));
        assertThat(objectsIn("b")).hasSize(1);
        assertThat(firehose.registry().get("giveup").get().deliveredTo()).isEqualTo(1);
        assertThat(logs.messages(Level.WARN)).anySatisfy(m -> assertThat(m).contains("within RetryOptions"));
    }

    @Test
    void dynamicPartitionsAreRewrittenUnderTheSameKeysAfterAFailureAndARestart() throws IOException {
        createPartitioned("parts", 5, 60);
        put("parts", "{\"c\":\"x\",\"n\":1}", "{\"c\":\"y\",\"n\":2}", "{\"n\":3}", "{\"c\":\"x\",\"n\":4}");
        objects.failuresLeft.set(1);
        clock.advanceMs(60_000);
        assertThat(firehose.deliverNow()).isZero();
        firehose.close();

        firehose = open(store);
        clock.advanceMs(1);
        assertThat(firehose.deliverNow()).isEqualTo(3); // each partition's buffer, and the error prefix's
        String failedFirst = objects.putKeys.get(0);
        assertThat(objects.putKeys).hasSize(4).startsWith(failedFirst, failedFirst);
        assertThat(failedFirst).matches("c=x/2026/12/04/07/parts-1-2026-12-04-07-00-00-[0-9a-f-]{36}");
        assertThat(objects.putKeys.get(2)).startsWith("c=y/2026/12/04/07/parts-1-2026-12-04-07-00-00-");
        assertThat(objects.putKeys.get(3)).startsWith("err/partitioning-failed/2026/12/04/07/");
        Path root = dir.resolve("s3/b");
        assertThat(Files.readString(root.resolve(failedFirst))).isEqualTo("{\"c\":\"x\",\"n\":1}{\"c\":\"x\",\"n\":4}");
        assertThat(Files.readString(root.resolve(objects.putKeys.get(2)))).isEqualTo("{\"c\":\"y\",\"n\":2}");
        assertThat(Files.readString(root.resolve(objects.putKeys.get(3))))
                .contains("\"errorCode\":\"DynamicPartitioning.MetadataExtractionFailed\"");
        assertThat(objectsIn("b")).hasSize(3);
        assertThat(firehose.registry().get("parts").get().deliveredTo()).isEqualTo(4);
        assertThat(firehose.registry().get("parts").get().partitionsDeliveredTo()).isEmpty();
    }

    @Test
    void eachPartitionFillsAndFlushesItsOwnBufferAndARestartNeitherRepeatsNorLosesOne() throws IOException {
        createPartitioned("own", 1, 60);
        String big = "{\"c\":\"big\",\"pad\":\"" + "p".repeat(700 * 1024) + "\"}";
        put("own", "{\"c\":\"slow\",\"n\":1}", big);
        clock.advanceMs(30_000);
        put("own", big, "{\"c\":\"slow\",\"n\":2}");
        assertThat(firehose.deliverNow()).as("the big partition is full, the slow one not due").isEqualTo(1);
        assertThat(objects.putKeys).singleElement().asString().startsWith("c=big/");
        // the slow partition's first record holds the checkpoint back; the big one is remembered as delivered
        DeliveryStream s = firehose.registry().get("own").get();
        assertThat(s.deliveredTo()).isZero();
        assertThat(s.partitionsDeliveredTo()).containsOnlyKeys("d:c=big/2026/12/04/07/");
        firehose.close();

        firehose = open(store);
        clock.advanceMs(29_999);
        assertThat(firehose.deliverNow()).isZero();
        clock.advanceMs(1);
        assertThat(firehose.deliverNow()).as("the slow partition's interval, counted from its oldest record")
                .isEqualTo(1);
        assertThat(objects.putKeys).hasSize(2);
        Path root = dir.resolve("s3/b");
        assertThat(Files.readString(root.resolve(objects.putKeys.get(1))))
                .isEqualTo("{\"c\":\"slow\",\"n\":1}{\"c\":\"slow\",\"n\":2}");
        assertThat(Files.size(root.resolve(objects.putKeys.get(0)))).isEqualTo(2L * big.length());
        assertThat(firehose.registry().get("own").get().deliveredTo()).isEqualTo(4);
        firehose.flush("own").join();
        assertThat(objectsIn("b")).hasSize(2);
    }

    @Test
    void partitionsPastTheActiveLimitGoToTheErrorPrefixUntilOneIsDelivered() throws IOException {
        createPartitioned("many", 5, 60);
        List<String> first = new ArrayList<>();
        for (int i = 0; i < ACTIVE_PARTITIONS; i++) {
            first.add("{\"c\":\"p" + i + "\"}");
        }
        put("many", first.toArray(String[]::new));
        put("many", "{\"c\":\"p5\"}", "{\"c\":\"p0\",\"n\":2}");
        firehose.flush("many").join();
        assertThat(objectsIn("b")).hasSize(ACTIVE_PARTITIONS + 1);
        Path root = dir.resolve("s3/b");
        String error = objects.putKeys.stream().filter(k -> k.startsWith("err/")).findFirst().orElseThrow();
        assertThat(error).startsWith("err/partitioning-failed/2026/12/04/07/");
        assertThat(Files.readString(root.resolve(error)))
                .contains("\"errorCode\":\"DynamicPartitioning.ActivePartitionsLimitExceeded\"")
                .contains(java.util.Base64.getEncoder().encodeToString("{\"c\":\"p5\"}".getBytes(StandardCharsets.UTF_8)));
        String p0 = objects.putKeys.stream().filter(k -> k.startsWith("c=p0/")).findFirst().orElseThrow();
        assertThat(Files.readString(root.resolve(p0))).isEqualTo("{\"c\":\"p0\"}{\"c\":\"p0\",\"n\":2}");

        put("many", "{\"c\":\"p5\"}"); // every partition was delivered: room again
        firehose.flush("many").join();
        assertThat(objects.putKeys.get(objects.putKeys.size() - 1)).startsWith("c=p5/");
    }

    @Test
    void aSnapshotKeepsEveryStreamItsPlanAndItsPendingTimers() throws IOException {
        create("snap", 5, 0, "GZIP", "p/");
        firehose.control().tag(new io.riffle.firehose.model.TagDeliveryStreamInput("snap",
                List.of(new io.riffle.firehose.model.Tag("k", "v")))).join();
        firehose.control().create(CreateDeliveryStreamInput.builder().deliveryStreamName("later")
                .s3DestinationConfiguration(io.riffle.firehose.model.S3DestinationConfiguration.builder()
                        .roleARN("arn:aws:iam::000000000000:role/firehose").bucketARN("arn:aws:s3:::b").build())
                .build()).join(); // CREATING: its timer (due now, delay 0) may fire before or after the snapshot
        put("snap", "s1");
        objects.failuresLeft.set(1);
        firehose.deliverNow();
        DeliveryStream before = firehose.registry().get("snap").get();
        assertThat(before.planned()).isNotNull();
        firehose.snapshotNow().join();
        firehose.close();

        firehose = open(store);
        assertThat(firehose.registry().get("snap")).contains(before);
        firehose.fireDueTimers().join();
        assertThat(firehose.registry().get("later").get().isActive()).isTrue();
        clock.advanceMs(1);
        assertThat(firehose.deliverNow()).isEqualTo(1);
        assertThat(objectsIn("b")).singleElement().satisfies(f -> assertThat(gunzip(f)).isEqualTo("s1"));
    }

    @Test
    void deletingAStreamRemovesItsRecordLogAndAnswersNotFoundAfterwards() {
        create("gone", 5, 300, "UNCOMPRESSED", "");
        put("gone", "x");
        firehose.control().delete(new DeleteDeliveryStreamInput("gone", null)).join();
        firehose.fireDueTimers().join();
        assertThat(firehose.registry().get("gone")).isEmpty();
        assertThat(store.logIds()).noneMatch(id -> id.startsWith("fh-"));
        assertThatThrownBy(() -> put("gone", "y")).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.type()).isEqualTo("ResourceNotFoundException");
            assertThat(e.getMessage()).isEqualTo("Firehose gone under account 000000000000 not found.");
        });
    }

    @Test
    void aDuplicateNameIsResourceInUse() {
        create("dup", 5, 300, "UNCOMPRESSED", "");
        assertThatThrownBy(() -> create("dup", 5, 300, "UNCOMPRESSED", ""))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.type()).isEqualTo("ResourceInUseException");
                    assertThat(e.getMessage()).isEqualTo("Firehose dup under account 000000000000 already exists.");
                });
    }

    @Test
    void theDeliveryStreamQuotaIsLimitExceededInFirehosesWords() throws IOException {
        firehose.close();
        FirehoseSettings two = FirehoseSettings.defaults("us-east-1", "000000000000").withDelays(0, 0)
                .withMaxDeliveryStreams(2);
        firehose = Firehose.open(store, two, clock, objects, new MetricsRegistry(), null, null, false);
        create("q1", 5, 300, "UNCOMPRESSED", "");
        create("q2", 5, 300, "UNCOMPRESSED", "");
        assertThatThrownBy(() -> create("q3", 5, 300, "UNCOMPRESSED", ""))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.type()).isEqualTo("LimitExceededException");
                    assertThat(e.getMessage()).isEqualTo("You have already consumed your firehose quota of 2 hoses."
                            + " Firehose names: [q1, q2]");
                });
    }
}

package io.riffle.it;

import static io.riffle.it.Kit.awaitActive;
import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.expectError;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilter;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountResponse;

/**
 * Resharding end to end through the synchronous SDK client: SplitShard and MergeShards under
 * load with a consumer that follows shard lineage as KCL does (a child only after all its parents
 * ended), UpdateShardCount steps with coverage and lineage checks, the end of a closed shard
 * (no NextShardIterator, ChildShards), ListShards' ShardFilter types, and the reshard errors.
 *
 * <p>Records carry {@code <partition key>:<counter>}, the counter counting per partition key in
 * write order; a {@link Ledger} keeps what PutRecord(s) acknowledged and {@link #verify} checks
 * a lineage read against it: every acknowledged record read exactly once, in the shard the
 * acknowledgement named, with its sequence number, and counters strictly increasing per key.
 */
class ReshardIT {

    private static final Duration DRAIN_DEADLINE = Duration.ofSeconds(60);
    private static final int GET_RECORDS_LIMIT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension("log-format=json");

    private KinesisClient kinesis() {
        return riffle.kinesis();
    }

    // ------------------------------------------------------------------------------------- tests

    /**
     * 4 producers (PutRecords batches) and one lineage-following consumer run while one shard is
     * split and two adjacent shards are merged; afterwards every acknowledged record was read
     * exactly once and per partition key in write order.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void splitAndMergeUnderLoadLoseNothingAndKeepPerKeyOrder() throws Exception {
        KinesisClient kinesis = kinesis();
        String stream = createActive(kinesis, name("reshard-load"), 2);
        List<String> roots = ids(listShards(stream, ShardFilterType.AT_TRIM_HORIZON));
        assertThat(roots).containsExactly("shardId-000000000000", "shardId-000000000001");

        int producers = 4;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean producersDone = new AtomicBoolean();
        AtomicLong acked = new AtomicLong();
        List<Producer> workers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            workers.add(new Producer(kinesis, stream, p, 8, 25, stop, acked));
        }
        LineageReader reader = new LineageReader(kinesis, stream, roots);
        List<Long> duringCutOvers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(producers + 1);
        try {
            List<Future<?>> producing = new ArrayList<>();
            for (Producer w : workers) {
                producing.add(pool.submit(w));
            }
            Future<?> consuming = pool.submit(() -> {
                reader.readUntilQuiet(producersDone::get, Duration.ofSeconds(200));
                return null;
            });

            awaitAcked(acked, 3_000, producing, consuming);
            // split shard 0 at the middle of its range
            Shard zero = shard(Kit.shards(kinesis, stream), "shardId-000000000000");
            BigInteger zeroStart = new BigInteger(zero.hashKeyRange().startingHashKey());
            BigInteger zeroEnd = new BigInteger(zero.hashKeyRange().endingHashKey());
            BigInteger middle = zeroStart.add(zeroEnd).shiftRight(1).add(BigInteger.ONE);
            long beforeSplit = acked.get();
            kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                    .newStartingHashKey(middle.toString()));
            awaitActive(kinesis, stream);
            duringCutOvers.add(acked.get() - beforeSplit);
            List<Shard> afterSplit = Kit.shards(kinesis, stream);
            assertThat(shard(afterSplit, "shardId-000000000000").sequenceNumberRange().endingSequenceNumber())
                    .as("EndingSequenceNumber of the split shard").isNotNull();
            assertThat(shard(afterSplit, "shardId-000000000002").hashKeyRange().endingHashKey())
                    .isEqualTo(middle.subtract(BigInteger.ONE).toString());
            assertThat(shard(afterSplit, "shardId-000000000003").hashKeyRange().startingHashKey())
                    .isEqualTo(middle.toString());

            awaitAcked(acked, acked.get() + 3_000, producing, consuming);
            // merge the upper child of the split with shard 1: adjacent, of different generations
            long beforeMerge = acked.get();
            kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000003")
                    .adjacentShardToMerge("shardId-000000000001"));
            awaitActive(kinesis, stream);
            duringCutOvers.add(acked.get() - beforeMerge);

            awaitAcked(acked, acked.get() + 3_000, producing, consuming);
            stop.set(true);
            for (Future<?> f : producing) {
                f.get(60, TimeUnit.SECONDS);
            }
            producersDone.set(true);
            consuming.get(120, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            producersDone.set(true);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("producer and consumer threads ended").isTrue();
        }

        Ledger ledger = new Ledger();
        workers.forEach(w -> ledger.addAll(w.ledger));
        List<String> problems = new ArrayList<>(reader.problems);
        problems.addAll(verify(ledger, reader.reads));
        problems.addAll(ledger.failures.stream().limit(20).map(f -> "write failed: " + f).toList());
        assertThat(problems).as("%d records acknowledged (%d entries failed, %d in calls that threw), %d read; "
                        + "shards finished %s, open %s", ledger.ackedCount(), ledger.failedEntries.size(),
                ledger.ambiguous.size(), reader.reads.size(), reader.finished, reader.iterators.keySet())
                .isEmpty();

        // the consumer ended on exactly the open shards, after finishing every closed one once
        List<Shard> all = Kit.shards(kinesis, stream);
        List<String> open = ids(listShards(stream, ShardFilterType.AT_LATEST));
        assertThat(open).containsExactly("shardId-000000000002", "shardId-000000000004");
        assertThat(reader.iterators.keySet()).containsExactlyInAnyOrderElementsOf(open);
        assertThat(reader.finished).containsExactlyInAnyOrder("shardId-000000000000", "shardId-000000000001",
                "shardId-000000000003");
        assertThat(childIds(reader.childrenAtEnd.get("shardId-000000000000")))
                .containsExactlyInAnyOrder("shardId-000000000002", "shardId-000000000003");
        assertThat(childIds(reader.childrenAtEnd.get("shardId-000000000001"))).containsExactly("shardId-000000000004");
        assertThat(childIds(reader.childrenAtEnd.get("shardId-000000000003"))).containsExactly("shardId-000000000004");
        ChildShard merged = reader.childrenAtEnd.get("shardId-000000000001").getFirst();
        assertThat(merged.parentShards()).containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000003");
        assertThat(merged.hashKeyRange()).isEqualTo(shard(all, "shardId-000000000004").hashKeyRange());
        assertCoverage(listShards(stream, ShardFilterType.AT_LATEST), 2, false);
        assertLineage(all);
        // every shard saw records: the reshard really happened under load
        Map<String, Long> perShard = reader.reads.stream()
                .collect(Collectors.groupingBy(LineageReader.Read::shardId, Collectors.counting()));
        assertThat(perShard.keySet()).as("shards that had records, with counts %s", perShard)
                .containsExactlyInAnyOrder("shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
                        "shardId-000000000003", "shardId-000000000004");
        System.out.printf("reshard under load (%s): %d records acknowledged and read, per shard %s; acknowledged "
                        + "between the split's call and ACTIVE %d, the merge's %d%n", SdkClients.formatName(),
                ledger.ackedCount(), perShard, duringCutOvers.get(0), duringCutOvers.get(1));
        Kit.deleteAndAwaitGone(kinesis, stream);
    }

    /**
     * UpdateShardCount 2 -> 4 -> 8 -> 4 -> 3: after each step the open shards are exactly the
     * target, evenly cover the hash key space with no gap or overlap, and lineage points at
     * closed shards; 2 -> 8 is refused; every record written on the way reads back through lineage;
     * ListShards' timestamp filters answer the shards of each step.
     *
     * <p>Between the call and ACTIVE, UpdateShardCount runs as a series of splits and merges, each an atomic cut-over
     * (parents close as their children open), so short-lived shards may be listed while the stream is UPDATING. The
     * fidelity issue asks that children appear only at ACTIVE; AWS's UpdateShardCount documentation says "Kinesis Data
     * Streams performs splits or merges on individual shards. This can cause short-lived shards to be created, in
     * addition to the final shards", which we follow: SplitShard and MergeShards change at ACTIVE (ReshardDelayIT),
     * UpdateShardCount's steps are Kinesis' own splits and merges.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void updateShardCountStepsKeepCoverageLineageAndRecords() {
        KinesisClient kinesis = kinesis();

        String fresh = createActive(kinesis, name("scale-refused"), 2);
        InvalidArgumentException tooFar = expectError(InvalidArgumentException.class, () -> kinesis.updateShardCount(
                b -> b.streamName(fresh).targetShardCount(8).scalingType(ScalingType.UNIFORM_SCALING)));
        assertThat(Kit.message(tooFar)).as("message of %s", Kit.describe(tooFar)).isNotBlank();
        StreamDescriptionSummary untouched = kinesis.describeStreamSummary(b -> b.streamName(fresh))
                .streamDescriptionSummary();
        assertThat(untouched.streamStatus()).as("status after a refused UpdateShardCount").isEqualTo(StreamStatus.ACTIVE);
        assertThat(untouched.openShardCount()).isEqualTo(2);
        assertThat(Kit.shards(kinesis, fresh)).hasSize(2);
        Kit.deleteAndAwaitGone(kinesis, fresh);

        String stream = createActive(kinesis, name("scale"), 2);
        Ledger ledger = new Ledger();
        Writer writer = new Writer(kinesis, stream, ledger, 20);
        writer.putRecords(400);

        List<Instant> stepTimes = new ArrayList<>();
        List<Set<String>> openAtStep = new ArrayList<>();
        List<Set<String>> allAtStep = new ArrayList<>();
        int current = 2;
        for (int target : List.of(4, 8, 4, 3)) {
            if (current == 8) {
                int below = 3;
                InvalidArgumentException tooFew = expectError(InvalidArgumentException.class,
                        () -> kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(below)
                                .scalingType(ScalingType.UNIFORM_SCALING)));
                assertThat(Kit.message(tooFew)).as("8 -> 3 refused: %s", Kit.describe(tooFew)).isNotBlank();
            }
            int from = current;
            UpdateShardCountResponse r = kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(target)
                    .scalingType(ScalingType.UNIFORM_SCALING));
            assertThat(r.streamName()).isEqualTo(stream);
            assertThat(r.currentShardCount()).as("CurrentShardCount of %d -> %d", from, target).isEqualTo(from);
            assertThat(r.targetShardCount()).as("TargetShardCount of %d -> %d", from, target).isEqualTo(target);
            awaitActive(kinesis, stream);

            String step = from + " -> " + target;
            List<Shard> open = listShards(stream, ShardFilterType.AT_LATEST);
            assertCoverage(open, target, true);
            List<Shard> all = Kit.shards(kinesis, stream);
            assertLineage(all);
            assertThat(ids(open)).as("AT_LATEST after %s: the shards without EndingSequenceNumber", step)
                    .containsExactlyElementsOf(all.stream()
                            .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null)
                            .map(Shard::shardId).toList());
            assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary()
                    .openShardCount()).as("OpenShardCount after %s", step).isEqualTo(target);
            writer.putRecords(200);
            // a moment strictly inside this step's lifetime, for the timestamp filters below
            stepTimes.add(quietInstant());
            openAtStep.add(new LinkedHashSet<>(ids(open)));
            allAtStep.add(new LinkedHashSet<>(ids(all)));
            current = target;
        }

        List<Shard> all = Kit.shards(kinesis, stream);
        Set<String> allNow = new LinkedHashSet<>(ids(all));
        assertThat(ids(listShards(stream, ShardFilterType.AT_TRIM_HORIZON))).as("AT_TRIM_HORIZON")
                .containsExactly("shardId-000000000000", "shardId-000000000001");
        assertThat(ids(listShards(stream, ShardFilterType.FROM_TRIM_HORIZON))).as("FROM_TRIM_HORIZON")
                .containsExactlyElementsOf(allNow);
        String afterId = "shardId-000000000003";
        assertThat(ids(listShards(stream, ShardFilter.builder().type(ShardFilterType.AFTER_SHARD_ID).shardId(afterId)
                .build()))).as("AFTER_SHARD_ID %s", afterId)
                .containsExactlyElementsOf(allNow.stream().filter(id -> id.compareTo(afterId) > 0).toList());
        for (int i = 0; i < stepTimes.size(); i++) {
            Instant t = stepTimes.get(i);
            assertThat(ids(listShards(stream, ShardFilter.builder().type(ShardFilterType.AT_TIMESTAMP).timestamp(t)
                    .build()))).as("AT_TIMESTAMP %s (after step %d): the shards open then", t, i + 1)
                    .containsExactlyInAnyOrderElementsOf(openAtStep.get(i));
            Set<String> closedBefore = new HashSet<>(allAtStep.get(i));
            closedBefore.removeAll(openAtStep.get(i));
            List<String> fromT = allNow.stream().filter(id -> !closedBefore.contains(id)).toList();
            assertThat(ids(listShards(stream, ShardFilter.builder().type(ShardFilterType.FROM_TIMESTAMP).timestamp(t)
                    .build()))).as("FROM_TIMESTAMP %s (after step %d): all but the shards closed before", t, i + 1)
                    .containsExactlyInAnyOrderElementsOf(fromT);
        }

        LineageReader reader = new LineageReader(kinesis, stream, List.of("shardId-000000000000", "shardId-000000000001"));
        reader.readUntilQuiet(() -> true, DRAIN_DEADLINE);
        List<String> problems = new ArrayList<>(reader.problems);
        problems.addAll(verify(ledger, reader.reads));
        problems.addAll(ledger.failures);
        assertThat(problems).as("%d records written, %d read", ledger.ackedCount(), reader.reads.size()).isEmpty();
        assertThat(reader.iterators.keySet()).as("the shards the lineage read ended on")
                .containsExactlyInAnyOrderElementsOf(openAtStep.getLast());
        Set<String> closed = new HashSet<>(allNow);
        closed.removeAll(openAtStep.getLast());
        assertThat(reader.finished).as("closed shards read to their end").containsExactlyInAnyOrderElementsOf(closed);
        Kit.deleteAndAwaitGone(kinesis, stream);
    }

    /**
     * A closed shard keeps its records; GetRecords at its end answers no NextShardIterator and
     * ChildShards, each with its ParentShards and HashKeyRange; an empty closed shard answers the
     * same at once; TRIM_HORIZON, AT_SEQUENCE_NUMBER and LATEST iterators on a closed shard work.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void getRecordsAtTheEndOfAClosedShardNamesItsChildren() {
        KinesisClient kinesis = kinesis();
        String stream = createActive(kinesis, name("closed-end"), 1);
        BigInteger middle = BigInteger.ONE.shiftLeft(127);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // all in the lower half: after the split, the upper child stays empty
            String hashKey = BigInteger.valueOf(1_000L * i).toString();
            String data = "low-" + i;
            PutRecordResponse r = kinesis.putRecord(b -> b.streamName(stream).partitionKey("k" + data)
                    .explicitHashKey(hashKey).data(bytes(data)));
            assertThat(r.shardId()).isEqualTo("shardId-000000000000");
            written.add(r.sequenceNumber());
        }
        kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                .newStartingHashKey(middle.toString()));
        awaitActive(kinesis, stream);
        List<Shard> shards = Kit.shards(kinesis, stream);
        assertThat(ids(shards)).containsExactly("shardId-000000000000", "shardId-000000000001", "shardId-000000000002");
        Shard parent = shard(shards, "shardId-000000000000");
        String ending = parent.sequenceNumberRange().endingSequenceNumber();
        assertThat(ending).as("EndingSequenceNumber of the closed shard").isNotNull();
        assertThat(new BigInteger(ending)).as("EndingSequenceNumber is not below the last record's")
                .isGreaterThanOrEqualTo(new BigInteger(written.getLast()));
        HashKeyRange low = HashKeyRange.builder().startingHashKey("0")
                .endingHashKey(middle.subtract(BigInteger.ONE).toString()).build();
        HashKeyRange high = HashKeyRange.builder().startingHashKey(middle.toString())
                .endingHashKey(Kit.MAX_HASH_KEY.toString()).build();
        assertThat(shard(shards, "shardId-000000000001").hashKeyRange()).isEqualTo(low);
        assertThat(shard(shards, "shardId-000000000002").hashKeyRange()).isEqualTo(high);

        // read the closed shard in pages of 5: 5, 5, then the last 2 with the end
        String it = iterator(stream, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null);
        List<String> read = new ArrayList<>();
        GetRecordsResponse last = null;
        for (int calls = 0; it != null; calls++) {
            assertThat(calls).as("GetRecords calls to reach the end of a closed shard of 12 records").isLessThan(20);
            String current = it;
            last = kinesis.getRecords(b -> b.shardIterator(current).limit(5));
            last.records().forEach(rec -> read.add(rec.sequenceNumber()));
            if (last.nextShardIterator() != null) {
                assertThat(last.hasChildShards() && !last.childShards().isEmpty())
                        .as("ChildShards before the end of the closed shard").isFalse();
            }
            it = last.nextShardIterator();
        }
        assertThat(read).as("the closed shard's records, in order").containsExactlyElementsOf(written);
        assertEndOfClosedShard(last, "shardId-000000000000", Map.of("shardId-000000000001", low,
                "shardId-000000000002", high));

        // the closed shard still reads from TRIM_HORIZON, and from one of its sequence numbers
        assertThat(Kit.readAll(kinesis, stream, "shardId-000000000000")).extracting(Record::sequenceNumber)
                .containsExactlyElementsOf(written);
        String at = iterator(stream, "shardId-000000000000", ShardIteratorType.AT_SEQUENCE_NUMBER, written.get(10));
        GetRecordsResponse tail = kinesis.getRecords(b -> b.shardIterator(at));
        assertThat(tail.records()).extracting(Record::sequenceNumber).containsExactly(written.get(10), written.get(11));
        assertEndOfClosedShard(tail, "shardId-000000000000", Map.of("shardId-000000000001", low,
                "shardId-000000000002", high));
        // LATEST on a closed shard: at its end (Kinesis: an iterator for the last sequence number)
        String latest = iterator(stream, "shardId-000000000000", ShardIteratorType.LATEST, null);
        GetRecordsResponse atEnd = kinesis.getRecords(b -> b.shardIterator(latest));
        assertThat(atEnd.records()).isEmpty();
        assertEndOfClosedShard(atEnd, "shardId-000000000000", Map.of("shardId-000000000001", low,
                "shardId-000000000002", high));

        // merge the children: the (empty) upper one ends at once, both name the merged child
        kinesis.mergeShards(b -> b.streamName(stream).shardToMerge("shardId-000000000001")
                .adjacentShardToMerge("shardId-000000000002"));
        awaitActive(kinesis, stream);
        HashKeyRange whole = HashKeyRange.builder().startingHashKey("0").endingHashKey(Kit.MAX_HASH_KEY.toString())
                .build();
        for (String child : List.of("shardId-000000000001", "shardId-000000000002")) {
            String trim = iterator(stream, child, ShardIteratorType.TRIM_HORIZON, null);
            GetRecordsResponse end = kinesis.getRecords(b -> b.shardIterator(trim));
            assertThat(end.records()).as("records of the empty closed shard %s", child).isEmpty();
            assertEndOfClosedShard(end, child, Map.of("shardId-000000000003", whole));
            assertThat(end.childShards().getFirst().parentShards()).as("ParentShards of the merged child, from %s", child)
                    .containsExactlyInAnyOrder("shardId-000000000001", "shardId-000000000002");
        }
        Shard merged = shard(Kit.shards(kinesis, stream), "shardId-000000000003");
        assertThat(merged.parentShardId()).isEqualTo("shardId-000000000001");
        assertThat(merged.adjacentParentShardId()).isEqualTo("shardId-000000000002");
        assertThat(merged.hashKeyRange()).isEqualTo(whole);
        Kit.deleteAndAwaitGone(kinesis, stream);
    }

    /** What Kinesis refuses: a key outside the shard, a closed shard, shards that are not adjacent, unknown shards. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void reshardErrors() {
        KinesisClient kinesis = kinesis();
        String stream = createActive(kinesis, name("reshard-errors"), 2);
        Shard zero = shard(Kit.shards(kinesis, stream), "shardId-000000000000");
        BigInteger start = new BigInteger(zero.hashKeyRange().startingHashKey());
        BigInteger end = new BigInteger(zero.hashKeyRange().endingHashKey());

        // NewStartingHashKey outside shard 0: its own start (an empty lower child), past its end, the very top
        for (BigInteger key : List.of(start, end.add(BigInteger.ONE), Kit.MAX_HASH_KEY)) {
            InvalidArgumentException e = expectError(InvalidArgumentException.class, () -> kinesis.splitShard(
                    b -> b.streamName(stream).shardToSplit("shardId-000000000000").newStartingHashKey(key.toString())));
            assertThat(Kit.message(e)).as("SplitShard at %s: %s", key, Kit.describe(e)).contains("NewStartingHashKey");
        }
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus())
                .as("status after refused splits").isEqualTo(StreamStatus.ACTIVE);
        assertThat(Kit.shards(kinesis, stream)).as("shards after refused splits").hasSize(2);

        expectError(ResourceNotFoundException.class, () -> kinesis.splitShard(b -> b.streamName(stream)
                .shardToSplit("shardId-000000000009").newStartingHashKey("1")));
        expectError(ResourceNotFoundException.class, () -> kinesis.mergeShards(b -> b.streamName(stream)
                .shardToMerge("shardId-000000000001").adjacentShardToMerge("shardId-000000000009")));

        BigInteger middle = start.add(end).shiftRight(1);
        kinesis.splitShard(b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                .newStartingHashKey(middle.toString()));
        awaitActive(kinesis, stream);
        // open now: 2 [start, middle-1], 3 [middle, end], 1 [end+1, max]
        // the server logs each change as one JSON object with the stream and its shards as fields
        JsonNode created = logEvent("stream " + stream + " created");
        assertThat(created.path("level").asText()).isEqualTo("INFO");
        assertThat(field(created, "stream")).as("%s", created).isEqualTo(stream);
        JsonNode cutOver = logEvent("stream " + stream + ": closed");
        assertThat(field(cutOver, "stream")).as("%s", cutOver).isEqualTo(stream);
        assertThat(field(cutOver, "closedShards")).as("%s", cutOver).isEqualTo("[shardId-000000000000]");
        assertThat(field(cutOver, "openedShards")).as("%s", cutOver)
                .isEqualTo("[shardId-000000000002, shardId-000000000003]");
        ResourceInUseException closed = expectError(ResourceInUseException.class, () -> kinesis.splitShard(
                b -> b.streamName(stream).shardToSplit("shardId-000000000000")
                        .newStartingHashKey(middle.add(BigInteger.TEN).toString())));
        assertThat(Kit.message(closed)).as("splitting a closed shard: %s", Kit.describe(closed))
                .contains("shardId-000000000000");
        expectError(ResourceInUseException.class, () -> kinesis.mergeShards(b -> b.streamName(stream)
                .shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000001")));

        InvalidArgumentException apart = expectError(InvalidArgumentException.class, () -> kinesis.mergeShards(
                b -> b.streamName(stream).shardToMerge("shardId-000000000002").adjacentShardToMerge("shardId-000000000001")));
        assertThat(Kit.message(apart)).as("merging shards that are not adjacent: %s", Kit.describe(apart))
                .contains("adjacent");
        assertThat(kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus())
                .as("status after refused reshards").isEqualTo(StreamStatus.ACTIVE);
        assertThat(ids(listShards(stream, ShardFilterType.AT_LATEST))).as("open shards after refused reshards")
                .containsExactly("shardId-000000000001", "shardId-000000000002", "shardId-000000000003");
        Kit.deleteAndAwaitGone(kinesis, stream);
    }

    /** The first event of the server's JSON log (stderr) whose message contains {@code text}, once written. */
    private static JsonNode logEvent(String text) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        Kit.await(Duration.ofSeconds(30), "a server log event with '" + text + "'", () -> {
            for (String line : riffle.server().stderr().lines().filter(l -> l.startsWith("{")).toList()) {
                JsonNode event;
                try {
                    event = JSON.readTree(line);
                } catch (java.io.IOException e) {
                    throw new AssertionError("a server log line is not JSON: " + line, e);
                }
                if (event.path("formattedMessage").asText().contains(text)) {
                    found.set(event);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    /** A key-value of a logback JSON event ({@code kvpList}: one single-key object per pair), or null. */
    private static String field(JsonNode event, String key) {
        for (JsonNode pair : event.path("kvpList")) {
            if (pair.has(key)) {
                return pair.get(key).asText();
            }
        }
        return null;
    }

    /**
     * SplitShard, MergeShards and UpdateShardCount while the stream is UPDATING: ResourceInUseException.
     *
     * <p>UpdateShardCount 16 -> 32 is 16 cut-overs in sequence, each with durable writes; the three
     * calls follow its answer at once (their SDK paths warmed up first). Whether a call really
     * arrived while the stream was UPDATING is decided afterwards from the server's own record:
     * if an original shard was still open (ListShards AT_TIMESTAMP) at the moment the call's
     * answer came back, the 16 -> 32 update had not finished, so the stream was UPDATING during
     * the whole call. The split and the merge name shards 15 and 14, which that update closes:
     * they can never succeed, at any moment. Only an accepted UpdateShardCount answered after the
     * last original shard closed is inconclusive (race lost): the test is then aborted, not passed.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void reshardWhileUpdatingIsRefused() {
        KinesisClient kinesis = kinesis();
        String stream = createActive(kinesis, name("reshard-updating"), 16);
        List<Shard> originals = Kit.shards(kinesis, stream);
        Shard fifteen = shard(originals, "shardId-000000000015");
        BigInteger quarter = new BigInteger(fifteen.hashKeyRange().startingHashKey()).add(
                new BigInteger(fifteen.hashKeyRange().endingHashKey()).subtract(
                        new BigInteger(fifteen.hashKeyRange().startingHashKey())).shiftRight(2));

        // warm up the three request paths (refused, the stream is unchanged) so the racy calls below go out at once
        expectError(InvalidArgumentException.class, () -> kinesis.splitShard(b -> b.streamName(stream)
                .shardToSplit("shardId-000000000000").newStartingHashKey(Kit.MAX_HASH_KEY.toString())));
        expectError(InvalidArgumentException.class, () -> kinesis.mergeShards(b -> b.streamName(stream)
                .shardToMerge("shardId-000000000000").adjacentShardToMerge("shardId-000000000002")));
        expectError(InvalidArgumentException.class, () -> kinesis.updateShardCount(b -> b.streamName(stream)
                .targetShardCount(33).scalingType(ScalingType.UNIFORM_SCALING)));
        assertThat(listShards(stream, ShardFilterType.AT_LATEST)).hasSize(16);

        kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(32).scalingType(ScalingType.UNIFORM_SCALING));
        Attempt split = Attempt.of("SplitShard of shardId-000000000015", () -> kinesis.splitShard(
                b -> b.streamName(stream).shardToSplit("shardId-000000000015").newStartingHashKey(quarter.toString())));
        Attempt merge = Attempt.of("MergeShards of shardId-000000000014 and shardId-000000000015", () -> kinesis.mergeShards(
                b -> b.streamName(stream).shardToMerge("shardId-000000000014").adjacentShardToMerge("shardId-000000000015")));
        Attempt update = Attempt.of("UpdateShardCount to 24", () -> kinesis.updateShardCount(
                b -> b.streamName(stream).targetShardCount(24).scalingType(ScalingType.UNIFORM_SCALING)));
        awaitActive(kinesis, stream);

        Set<String> originalIds = new HashSet<>(ids(originals));
        for (Attempt a : List.of(split, merge, update)) {
            if (a.error() instanceof ResourceInUseException riu) {
                assertThat(riu.statusCode()).as("HTTP status of %s", a.what()).isEqualTo(400);
                assertThat(riu.numAttempts()).as("attempts the SDK made for %s", a.what()).isEqualTo(1);
                continue;
            }
            List<String> openAtAnswer = ids(listShards(stream, ShardFilter.builder().type(ShardFilterType.AT_TIMESTAMP)
                    .timestamp(Instant.ofEpochMilli(a.answeredAtMs())).build()));
            boolean updating = openAtAnswer.stream().anyMatch(originalIds::contains);
            if (!updating && a == update && a.error() == null) {
                Assumptions.abort("UpdateShardCount 16 -> 32 was over before " + a.what() + " was answered (race "
                        + "lost): inconclusive");
            }
            throw new AssertionError(a.what() + " answered " + (a.error() == null ? "success" : Kit.describe(a.error()))
                    + (updating ? " while the stream was UPDATING (original shards still open when it was answered: "
                    + openAtAnswer.stream().filter(originalIds::contains).toList() + ")"
                    : " although its shards were closed by then") + "; expected ResourceInUseException");
        }
        assertCoverage(listShards(stream, ShardFilterType.AT_LATEST), 32, true);
        assertLineage(Kit.shards(kinesis, stream));
        Kit.deleteAndAwaitGone(kinesis, stream);
    }

    /** A call's outcome and the client's clock when its answer came back. */
    record Attempt(String what, Throwable error, long answeredAtMs) {
        static Attempt of(String what, Runnable call) {
            Throwable error = null;
            try {
                call.run();
            } catch (SdkException e) {
                error = e;
            }
            return new Attempt(what, error, System.currentTimeMillis());
        }
    }

    // ------------------------------------------------------------------------------------- checks

    /** The answer at the end of a closed shard: no NextShardIterator; the children, each with its parents and range. */
    private static void assertEndOfClosedShard(GetRecordsResponse r, String shardId, Map<String, HashKeyRange> children) {
        assertThat(r.nextShardIterator()).as("NextShardIterator at the end of closed %s", shardId).isNull();
        assertThat(r.hasChildShards()).as("ChildShards present at the end of closed %s", shardId).isTrue();
        assertThat(childIds(r.childShards())).as("ChildShards at the end of closed %s", shardId)
                .containsExactlyInAnyOrderElementsOf(children.keySet());
        for (ChildShard c : r.childShards()) {
            assertThat(c.hasParentShards() ? c.parentShards() : List.<String>of())
                    .as("ParentShards of child %s of %s", c.shardId(), shardId).contains(shardId);
            assertThat(c.hashKeyRange()).as("HashKeyRange of child %s of %s", c.shardId(), shardId)
                    .isEqualTo(children.get(c.shardId()));
        }
        assertThat(r.millisBehindLatest()).as("MillisBehindLatest at the end of closed %s", shardId).isZero();
    }

    /**
     * The open shards: exactly {@code count}, contiguous from 0 to 2^128-1 without gaps or
     * overlaps; with {@code uniform}, each within 1% of an even share.
     */
    static void assertCoverage(List<Shard> open, int count, boolean uniform) {
        assertThat(open).as("open shards").hasSize(count);
        List<Shard> sorted = new ArrayList<>(open);
        sorted.sort(Comparator.comparing(s -> new BigInteger(s.hashKeyRange().startingHashKey())));
        BigInteger expectedStart = BigInteger.ZERO;
        BigInteger share = Kit.MAX_HASH_KEY.add(BigInteger.ONE).divide(BigInteger.valueOf(count));
        for (Shard s : sorted) {
            assertThat(s.sequenceNumberRange().endingSequenceNumber()).as("EndingSequenceNumber of open %s", s.shardId())
                    .isNull();
            BigInteger start = new BigInteger(s.hashKeyRange().startingHashKey());
            BigInteger end = new BigInteger(s.hashKeyRange().endingHashKey());
            assertThat(start).as("StartingHashKey of %s (gap or overlap before it) in %s", s.shardId(), ranges(sorted))
                    .isEqualTo(expectedStart);
            assertThat(end).as("EndingHashKey of %s", s.shardId()).isGreaterThanOrEqualTo(start);
            if (uniform) {
                BigInteger size = end.subtract(start).add(BigInteger.ONE);
                assertThat(size.subtract(share).abs().multiply(BigInteger.valueOf(100)))
                        .as("%s holds %s keys, an even share is %s (%s)", s.shardId(), size, share, ranges(sorted))
                        .isLessThanOrEqualTo(share);
            }
            expectedStart = end.add(BigInteger.ONE);
        }
        assertThat(expectedStart).as("the last open shard ends at 2^128-1: %s", ranges(sorted))
                .isEqualTo(Kit.MAX_HASH_KEY.add(BigInteger.ONE));
    }

    /**
     * Every parent named is a listed, closed shard; a split child lies inside its parent, a merged
     * child is exactly its two adjacent parents; every closed shard has a child.
     */
    static void assertLineage(List<Shard> all) {
        Map<String, Shard> byId = new LinkedHashMap<>();
        all.forEach(s -> byId.put(s.shardId(), s));
        Set<String> parentsNamed = new HashSet<>();
        for (Shard s : all) {
            if (s.parentShardId() == null) {
                assertThat(s.adjacentParentShardId()).as("AdjacentParentShardId of %s without a ParentShardId",
                        s.shardId()).isNull();
                continue;
            }
            BigInteger start = new BigInteger(s.hashKeyRange().startingHashKey());
            BigInteger end = new BigInteger(s.hashKeyRange().endingHashKey());
            List<Shard> parents = new ArrayList<>();
            for (String p : new String[] {s.parentShardId(), s.adjacentParentShardId()}) {
                if (p == null) {
                    continue;
                }
                Shard parent = byId.get(p);
                assertThat(parent).as("parent %s of %s is listed", p, s.shardId()).isNotNull();
                assertThat(parent.sequenceNumberRange().endingSequenceNumber())
                        .as("EndingSequenceNumber of %s, parent of %s", p, s.shardId()).isNotNull();
                parents.add(parent);
                parentsNamed.add(p);
            }
            if (parents.size() == 1) {
                HashKeyRange pr = parents.getFirst().hashKeyRange();
                assertThat(start).as("split child %s starts inside its parent %s", s.shardId(), s.parentShardId())
                        .isGreaterThanOrEqualTo(new BigInteger(pr.startingHashKey()));
                assertThat(end).as("split child %s ends inside its parent %s", s.shardId(), s.parentShardId())
                        .isLessThanOrEqualTo(new BigInteger(pr.endingHashKey()));
            } else {
                parents.sort(Comparator.comparing(p -> new BigInteger(p.hashKeyRange().startingHashKey())));
                HashKeyRange lower = parents.get(0).hashKeyRange();
                HashKeyRange upper = parents.get(1).hashKeyRange();
                assertThat(new BigInteger(lower.endingHashKey()).add(BigInteger.ONE))
                        .as("merged parents of %s are adjacent", s.shardId())
                        .isEqualTo(new BigInteger(upper.startingHashKey()));
                assertThat(s.hashKeyRange()).as("merged child %s is the union of its parents", s.shardId())
                        .isEqualTo(HashKeyRange.builder().startingHashKey(lower.startingHashKey())
                                .endingHashKey(upper.endingHashKey()).build());
            }
        }
        for (Shard s : all) {
            if (s.sequenceNumberRange().endingSequenceNumber() != null) {
                assertThat(parentsNamed).as("closed %s is the parent of some shard", s.shardId()).contains(s.shardId());
            }
        }
    }

    /**
     * A lineage read against what was acknowledged: each record at most once (by content and by
     * sequence number), every acknowledged one present, in the shard and at the sequence number
     * the acknowledgement named, nothing read that was refused or never written, counters
     * strictly increasing per partition key, sequence numbers increasing per shard.
     */
    static List<String> verify(Ledger ledger, List<LineageReader.Read> reads) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> seenSequence = new HashSet<>();
        Map<String, List<Long>> counters = new LinkedHashMap<>();
        Map<String, BigInteger> lastSequence = new HashMap<>();
        for (LineageReader.Read read : reads) {
            Record r = read.record();
            String data = r.data().asUtf8String();
            int colon = data.lastIndexOf(':');
            if (colon <= 0) {
                problems.add("unexpected payload '" + data + "' in " + read.shardId() + " at " + r.sequenceNumber());
                continue;
            }
            String key = data.substring(0, colon);
            long counter = Long.parseLong(data.substring(colon + 1));
            String id = key + ":" + counter;
            if (!key.equals(r.partitionKey())) {
                problems.add(id + ": PartitionKey " + r.partitionKey());
            }
            if (!seen.add(id)) {
                problems.add(id + " read twice (again in " + read.shardId() + " at " + r.sequenceNumber() + ")");
            }
            if (!seenSequence.add(r.sequenceNumber())) {
                problems.add("sequence number " + r.sequenceNumber() + " read twice");
            }
            BigInteger seq = new BigInteger(r.sequenceNumber());
            BigInteger previous = lastSequence.put(read.shardId(), seq);
            if (previous != null && seq.compareTo(previous) <= 0) {
                problems.add(read.shardId() + ": sequence number " + seq + " after " + previous);
            }
            Ledger.Ack ack = ledger.acks.get(id);
            if (ack == null) {
                if (ledger.failedEntries.contains(id)) {
                    problems.add(id + " was refused by PutRecords (ErrorCode) but read in " + read.shardId());
                } else if (!ledger.ambiguous.contains(id)) {
                    problems.add(id + " read in " + read.shardId() + " but never written");
                }
            } else if (!ack.shardId().equals(read.shardId()) || !ack.sequenceNumber().equals(r.sequenceNumber())) {
                problems.add(id + " acknowledged as " + ack.shardId() + "/" + ack.sequenceNumber() + " but read as "
                        + read.shardId() + "/" + r.sequenceNumber());
            }
            counters.computeIfAbsent(key, k -> new ArrayList<>()).add(counter);
        }
        counters.forEach((key, list) -> {
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i) <= list.get(i - 1)) {
                    problems.add(key + ": counter " + list.get(i) + " read after " + list.get(i - 1) + " (read order "
                            + list.subList(Math.max(0, i - 5), Math.min(list.size(), i + 5)) + ")");
                    break;
                }
            }
        });
        List<String> missing = ledger.acks.keySet().stream().filter(id -> !seen.contains(id)).sorted().toList();
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " acknowledged records never read, e.g. " + missing.stream().limit(10)
                    .map(id -> id + " (" + ledger.acks.get(id).shardId() + "/" + ledger.acks.get(id).sequenceNumber()
                            + ")").toList());
        }
        return problems.size() > 50 ? List.copyOf(problems.subList(0, 50)) : problems;
    }

    // ------------------------------------------------------------------------------------- helpers

    private String iterator(String stream, String shardId, ShardIteratorType type, String sequenceNumber) {
        return kinesis().getShardIterator(b -> b.streamName(stream).shardId(shardId).shardIteratorType(type)
                .startingSequenceNumber(sequenceNumber)).shardIterator();
    }

    private List<Shard> listShards(String stream, ShardFilterType type) {
        return listShards(stream, ShardFilter.builder().type(type).build());
    }

    /** ListShards with a ShardFilter, following NextToken. */
    private List<Shard> listShards(String stream, ShardFilter filter) {
        List<Shard> shards = new ArrayList<>();
        ListShardsResponse page = kinesis().listShards(b -> b.streamName(stream).shardFilter(filter));
        shards.addAll(page.shards());
        while (page.nextToken() != null) {
            String token = page.nextToken();
            page = kinesis().listShards(b -> b.nextToken(token).shardFilter(filter));
            shards.addAll(page.shards());
        }
        return shards;
    }

    static List<String> ids(List<Shard> shards) {
        return shards.stream().map(Shard::shardId).toList();
    }

    static List<String> childIds(List<ChildShard> children) {
        return children == null ? List.of() : children.stream().map(ChildShard::shardId).toList();
    }

    static Shard shard(List<Shard> shards, String shardId) {
        return shards.stream().filter(s -> s.shardId().equals(shardId)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + shardId + " in " + ids(shards)));
    }

    private static String ranges(List<Shard> shards) {
        return shards.stream().map(s -> s.shardId() + "[" + s.hashKeyRange().startingHashKey() + ".."
                + s.hashKeyRange().endingHashKey() + "]").collect(Collectors.joining(", "));
    }

    /**
     * A millisecond that lies strictly between what happened before this call and what happens
     * after it (the server's clock is this machine's): polls the clock, no fixed sleep.
     */
    private static Instant quietInstant() {
        long before = System.currentTimeMillis();
        Kit.await(Duration.ofSeconds(2), "the clock to move", () -> System.currentTimeMillis() >= before + 3);
        Instant t = Instant.ofEpochMilli(System.currentTimeMillis());
        Kit.await(Duration.ofSeconds(2), "the clock to move", () -> System.currentTimeMillis() >= t.toEpochMilli() + 3);
        return t;
    }

    private static void awaitAcked(AtomicLong acked, long target, List<Future<?>> producing, Future<?> consuming) {
        Kit.await(Duration.ofSeconds(60), target + " acknowledged records (at " + acked.get() + ")", () -> {
            for (Future<?> f : producing) {
                if (f.isDone()) {
                    throw new AssertionError("a producer stopped early: " + outcome(f));
                }
            }
            if (consuming.isDone()) {
                throw new AssertionError("the consumer stopped early: " + outcome(consuming));
            }
            return acked.get() >= target;
        });
    }

    private static String outcome(Future<?> f) {
        try {
            f.get();
            return "returned";
        } catch (Exception e) {
            return String.valueOf(Kit.unwrap(e));
        }
    }

    // ------------------------------------------------------------------------------------- ledger, writers, reader

    /** What the producers were told: acknowledged records, refused entries, calls that threw. */
    static final class Ledger {
        record Ack(String shardId, String sequenceNumber) {
        }

        final Map<String, Ack> acks = new HashMap<>();
        final Set<String> failedEntries = new HashSet<>();
        final Set<String> ambiguous = new HashSet<>();
        final List<String> failures = new ArrayList<>();

        long ackedCount() {
            return acks.size();
        }

        void addAll(Ledger other) {
            acks.putAll(other.acks);
            failedEntries.addAll(other.failedEntries);
            ambiguous.addAll(other.ambiguous);
            failures.addAll(other.failures);
        }

        /** Records one PutRecords answer for entries {@code ids}, in request order. */
        void record(List<String> ids, PutRecordsResponse response) {
            List<PutRecordsResultEntry> results = response.records();
            if (results.size() != ids.size()) {
                failures.add("PutRecords answered " + results.size() + " entries for " + ids.size());
                ambiguous.addAll(ids);
                return;
            }
            for (int i = 0; i < ids.size(); i++) {
                PutRecordsResultEntry e = results.get(i);
                if (e.errorCode() == null) {
                    acks.put(ids.get(i), new Ack(e.shardId(), e.sequenceNumber()));
                } else {
                    failedEntries.add(ids.get(i));
                    failures.add(ids.get(i) + ": " + e.errorCode() + " " + e.errorMessage());
                }
            }
        }
    }

    /** Sequential PutRecords batches over a fixed set of keys, each record {@code key:counter}. */
    static final class Writer {
        private final KinesisClient kinesis;
        private final String stream;
        private final Ledger ledger;
        private final int keys;
        private final long[] next;

        Writer(KinesisClient kinesis, String stream, Ledger ledger, int keys) {
            this.kinesis = kinesis;
            this.stream = stream;
            this.ledger = ledger;
            this.keys = keys;
            this.next = new long[keys];
        }

        void putRecords(int count) {
            for (int done = 0; done < count; done += 100) {
                List<PutRecordsRequestEntry> entries = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < Math.min(100, count - done); i++) {
                    int k = ThreadLocalRandom.current().nextInt(keys);
                    String key = "key-" + k;
                    String id = key + ":" + next[k]++;
                    ids.add(id);
                    entries.add(PutRecordsRequestEntry.builder().partitionKey(key).data(bytes(id)).build());
                }
                ledger.record(ids, kinesis.putRecords(b -> b.streamName(stream).records(entries)));
            }
        }
    }

    /** One of the load test's producers: keys {@code p<n>-k<j>}, batches until told to stop. */
    static final class Producer implements java.util.concurrent.Callable<Void> {
        final Ledger ledger = new Ledger();
        private final KinesisClient kinesis;
        private final String stream;
        private final int n;
        private final int keys;
        private final int batch;
        private final AtomicBoolean stop;
        private final AtomicLong acked;

        Producer(KinesisClient kinesis, String stream, int n, int keys, int batch, AtomicBoolean stop, AtomicLong acked) {
            this.kinesis = kinesis;
            this.stream = stream;
            this.n = n;
            this.keys = keys;
            this.batch = batch;
            this.stop = stop;
            this.acked = acked;
        }

        @Override
        public Void call() {
            long[] next = new long[keys];
            while (!stop.get()) {
                List<PutRecordsRequestEntry> entries = new ArrayList<>(batch);
                List<String> ids = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    int j = ThreadLocalRandom.current().nextInt(keys);
                    String key = "p" + n + "-k" + j;
                    String id = key + ":" + next[j]++;
                    ids.add(id);
                    entries.add(PutRecordsRequestEntry.builder().partitionKey(key).data(bytes(id)).build());
                }
                PutRecordsResponse response;
                try {
                    response = kinesis.putRecords(b -> b.streamName(stream).records(entries));
                } catch (SdkException e) {
                    // the records may or may not be stored: later counters of the same keys still must be in order
                    ledger.ambiguous.addAll(ids);
                    ledger.failures.add("PutRecords threw " + Kit.describe(e));
                    continue;
                }
                long before = ledger.ackedCount();
                ledger.record(ids, response);
                acked.addAndGet(ledger.ackedCount() - before);
            }
            return null;
        }
    }

    /**
     * A consumer that reads as KCL does: every shard with GetRecords, a child only after all of
     * its parents ended (NextShardIterator null), children taken from ChildShards.
     */
    static final class LineageReader {
        record Read(String shardId, Record record) {
        }

        final List<Read> reads = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final Map<String, String> iterators = new LinkedHashMap<>();
        final Set<String> finished = new TreeSet<>();
        final Map<String, List<ChildShard>> childrenAtEnd = new LinkedHashMap<>();
        private final Set<String> started = new HashSet<>();
        private final Map<String, ChildShard> waiting = new LinkedHashMap<>();
        private final KinesisClient kinesis;
        private final String stream;

        LineageReader(KinesisClient kinesis, String stream, Collection<String> roots) {
            this.kinesis = kinesis;
            this.stream = stream;
            roots.forEach(this::start);
        }

        private void start(String shardId) {
            if (!started.add(shardId)) {
                problems.add(shardId + " reached twice through ChildShards");
                return;
            }
            iterators.put(shardId, kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }

        /**
         * Rounds of GetRecords until one that starts after {@code writesOver} holds reads nothing,
         * ends no shard and starts none (every open shard at its tip).
         */
        void readUntilQuiet(java.util.function.BooleanSupplier writesOver, Duration deadline) {
            long end = System.nanoTime() + deadline.toNanos();
            while (true) {
                boolean over = writesOver.getAsBoolean();
                boolean quiet = round();
                if (quiet && over) {
                    return;
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError("the lineage reader did not reach a quiet round within " + deadline
                            + ": reading " + iterators.keySet() + ", finished " + finished + ", waiting for parents "
                            + waiting.keySet() + ", " + reads.size() + " records read");
                }
                if (quiet) {
                    Kit.pause(20); // polling an idle stream
                }
            }
        }

        /** One GetRecords per shard being read, then starts the children whose parents all ended. */
        boolean round() {
            boolean quiet = true;
            for (String shardId : List.copyOf(iterators.keySet())) {
                String it = iterators.get(shardId);
                GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(it).limit(GET_RECORDS_LIMIT));
                r.records().forEach(rec -> reads.add(new Read(shardId, rec)));
                quiet &= r.records().isEmpty();
                if (r.nextShardIterator() != null) {
                    if (r.hasChildShards() && !r.childShards().isEmpty()) {
                        problems.add(shardId + ": ChildShards " + childIds(r.childShards()) + " with a NextShardIterator");
                    }
                    iterators.put(shardId, r.nextShardIterator());
                    continue;
                }
                quiet = false;
                iterators.remove(shardId);
                finished.add(shardId);
                List<ChildShard> children = r.hasChildShards() ? r.childShards() : List.of();
                childrenAtEnd.put(shardId, children);
                if (children.isEmpty()) {
                    problems.add(shardId + ": no NextShardIterator and no ChildShards");
                }
                for (ChildShard c : children) {
                    if (!c.hasParentShards() || !c.parentShards().contains(shardId)) {
                        problems.add(shardId + ": its child " + c.shardId() + " has ParentShards "
                                + (c.hasParentShards() ? c.parentShards() : "(none)"));
                    }
                    if (c.hashKeyRange() == null || c.hashKeyRange().startingHashKey() == null
                            || c.hashKeyRange().endingHashKey() == null) {
                        problems.add(shardId + ": its child " + c.shardId() + " has no HashKeyRange");
                    }
                    if (started.contains(c.shardId())) {
                        problems.add(shardId + ": its child " + c.shardId() + " was started before all its parents ended");
                    } else {
                        waiting.putIfAbsent(c.shardId(), c);
                    }
                }
            }
            for (Iterator<ChildShard> i = waiting.values().iterator(); i.hasNext(); ) {
                ChildShard c = i.next();
                if (c.hasParentShards() && finished.containsAll(c.parentShards())) {
                    i.remove();
                    start(c.shardId());
                    quiet = false;
                }
            }
            return quiet && waiting.isEmpty();
        }
    }
}

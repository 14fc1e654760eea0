package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.expectError;
import static io.riffle.it.Kit.expectInvalid;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.Tag;

/**
 * Writing and reading records through the synchronous SDK client: routing, batches, size
 * limits, every iterator type, GetRecords paging, iterator and sequence-number validation, and
 * what survives a clean restart and a kill -9.
 */
class RecordsIT {

    private static final int ONE_MIB = 1024 * 1024;

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    private KinesisClient kinesis() {
        return riffle.kinesis();
    }

    @Test
    void putRecordRoutesByTheMd5OfThePartitionKey() {
        String name = createActive(kinesis(), name("route"), 3);
        List<Shard> shards = Kit.shards(kinesis(), name);

        Set<String> hit = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String key = "pk-" + i;
            PutRecordResponse r = kinesis().putRecord(b -> b.streamName(name).partitionKey(key).data(bytes("v" + key)));
            assertThat(r.shardId()).as("shard of partition key %s", key)
                    .isEqualTo(Kit.shardOwning(shards, Kit.hashKey(key)));
            assertThat(r.sequenceNumber()).matches("[1-9]\\d*");
            hit.add(r.shardId());
        }
        assertThat(hit).as("30 keys spread over the 3 shards").hasSize(3);

        // Unicode keys hash as UTF-8 bytes; the limit is 256 characters, not bytes
        for (String key : List.of("Grüße-Straße", "トラック-7", "é".repeat(256))) {
            PutRecordResponse r = kinesis().putRecord(b -> b.streamName(name).partitionKey(key).data(bytes("unicode")));
            assertThat(r.shardId()).as("shard of partition key %s", key).isEqualTo(Kit.shardOwning(shards, Kit.hashKey(key)));
        }
        for (Shard s : Kit.shards(kinesis(), name)) {
            List<Record> records = Kit.readAll(kinesis(), name, s.shardId());
            assertThat(new BigInteger(records.getFirst().sequenceNumber()))
                    .as("%s: its StartingSequenceNumber is not after its first record", s.shardId())
                    .isGreaterThanOrEqualTo(new BigInteger(s.sequenceNumberRange().startingSequenceNumber()));
        }
        assertThat(Kit.readAll(kinesis(), name, Kit.shardOwning(shards, Kit.hashKey("トラック-7"))))
                .extracting(Record::partitionKey).contains("トラック-7");
    }

    @Test
    void explicitHashKeyOverridesThePartitionKey() {
        String name = createActive(kinesis(), name("explicit"), 3);
        List<Shard> shards = Kit.shards(kinesis(), name);

        for (Shard s : shards) {
            for (String hashKey : List.of(s.hashKeyRange().startingHashKey(), s.hashKeyRange().endingHashKey())) {
                PutRecordResponse r = kinesis().putRecord(b -> b.streamName(name).partitionKey("same-key")
                        .explicitHashKey(hashKey).data(bytes("to " + hashKey)));
                assertThat(r.shardId()).as("shard of ExplicitHashKey %s", hashKey).isEqualTo(s.shardId());
            }
        }
        PutRecordsResponse batch = kinesis().putRecords(b -> b.streamName(name).records(
                PutRecordsRequestEntry.builder().partitionKey("same-key").explicitHashKey("0").data(bytes("a")).build(),
                PutRecordsRequestEntry.builder().partitionKey("same-key").explicitHashKey(Kit.MAX_HASH_KEY.toString())
                        .data(bytes("b")).build()));
        assertThat(batch.records()).extracting(PutRecordsResultEntry::shardId)
                .containsExactly("shardId-000000000000", "shardId-000000000002");

        expectError(InvalidArgumentException.class, () -> kinesis().putRecord(b -> b.streamName(name).partitionKey("k")
                .explicitHashKey(BigInteger.ONE.shiftLeft(128).toString()).data(bytes("out of range"))));
    }

    @Test
    void sequenceNumberForOrderingIsAccepted() {
        String name = createActive(kinesis(), name("ordering"), 2);

        PutRecordResponse first = kinesis().putRecord(b -> b.streamName(name).partitionKey("order").data(bytes("1")));
        PutRecordResponse second = kinesis().putRecord(b -> b.streamName(name).partitionKey("order").data(bytes("2"))
                .sequenceNumberForOrdering(first.sequenceNumber()));

        assertThat(second.shardId()).isEqualTo(first.shardId());
        assertThat(new BigInteger(second.sequenceNumber())).isGreaterThan(new BigInteger(first.sequenceNumber()));
    }

    @Test
    void putRecordsOf500AllSucceedInRequestOrderPerShard() {
        String name = createActive(kinesis(), name("batch"), 3);
        List<Shard> shards = Kit.shards(kinesis(), name);
        List<PutRecordsRequestEntry> entries = IntStream.range(0, 500).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("k-" + i).data(bytes("record-" + i)).build()).toList();

        PutRecordsResponse r = kinesis().putRecords(b -> b.streamName(name).records(entries));

        assertThat(r.failedRecordCount()).isZero();
        assertThat(r.records()).hasSize(500);
        Map<String, BigInteger> lastPerShard = new LinkedHashMap<>();
        Map<String, String> putBySeq = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            PutRecordsResultEntry e = r.records().get(i);
            assertThat(e.errorCode()).as("entry %d error", i).isNull();
            assertThat(e.shardId()).as("entry %d shard", i).isEqualTo(Kit.shardOwning(shards, Kit.hashKey("k-" + i)));
            BigInteger seq = new BigInteger(e.sequenceNumber());
            BigInteger last = lastPerShard.put(e.shardId(), seq);
            if (last != null) {
                assertThat(seq).as("entry %d follows the previous entry of %s", i, e.shardId()).isGreaterThan(last);
            }
            putBySeq.put(e.sequenceNumber(), "record-" + i);
        }

        Map<String, String> readBySeq = new LinkedHashMap<>();
        for (Shard s : shards) {
            for (Record rec : Kit.readAll(kinesis(), name, s.shardId())) {
                readBySeq.put(rec.sequenceNumber(), rec.data().asUtf8String());
            }
        }
        assertThat(readBySeq).isEqualTo(putBySeq);
    }

    @Test
    void recordsUpToOneMibAreAcceptedAndLargerOnesRefused() {
        String name = createActive(kinesis(), name("sizes"), 1);

        // data + partition key = exactly 1 MiB
        PutRecordResponse ok = kinesis().putRecord(b -> b.streamName(name).partitionKey("k").data(bytes(ONE_MIB - 1, 7)));
        assertThat(Kit.readAll(kinesis(), name, ok.shardId())).singleElement().satisfies(rec -> {
            assertThat(rec.sequenceNumber()).isEqualTo(ok.sequenceNumber());
            assertThat(rec.data()).isEqualTo(bytes(ONE_MIB - 1, 7));
        });

        expectInvalid(() -> kinesis().putRecord(b -> b.streamName(name).partitionKey("k").data(bytes(ONE_MIB, 7))));
        expectInvalid(() -> kinesis().putRecord(b -> b.streamName(name).partitionKey("k").data(bytes(ONE_MIB + 1024, 7))));
        expectInvalid(() -> kinesis().putRecords(b -> b.streamName(name).records(
                PutRecordsRequestEntry.builder().partitionKey("small").data(bytes("fine")).build(),
                PutRecordsRequestEntry.builder().partitionKey("k").data(bytes(ONE_MIB + 1024, 7)).build())));
        expectInvalid(() -> kinesis().putRecord(b -> b.streamName(name).partitionKey("x".repeat(257)).data(bytes("k"))));
        expectInvalid(() -> kinesis().putRecord(b -> b.streamName(name).partitionKey("").data(bytes("k"))));
        assertThat(Kit.readAll(kinesis(), name, ok.shardId())).as("refused requests store nothing").hasSize(1);
    }

    @Test
    void putRecordsUpToTenMibAndFiveHundredEntries() {
        String name = createActive(kinesis(), name("ten-mib"), 2);
        int size = 20 * 1024;
        List<PutRecordsRequestEntry> tenMib = IntStream.range(0, 500).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("big-" + i).data(bytes(size, i)).build()).toList();

        PutRecordsResponse r = kinesis().putRecords(b -> b.streamName(name).records(tenMib));

        assertThat(r.failedRecordCount()).isZero();
        assertThat(r.records()).allSatisfy(e -> assertThat(e.sequenceNumber()).isNotNull());
        List<Record> read = new ArrayList<>();
        for (Shard s : Kit.shards(kinesis(), name)) {
            read.addAll(Kit.readAll(kinesis(), name, s.shardId()));
        }
        assertThat(read).hasSize(500);
        assertThat(read).allSatisfy(rec -> assertThat(rec.data().asByteArrayUnsafe()).hasSize(size));

        List<PutRecordsRequestEntry> tooBig = IntStream.range(0, 500).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("big-" + i).data(bytes(21 * 1024, i)).build()).toList();
        expectInvalid(() -> kinesis().putRecords(b -> b.streamName(name).records(tooBig)));
        List<PutRecordsRequestEntry> tooMany = IntStream.range(0, 501).mapToObj(i -> PutRecordsRequestEntry.builder()
                .partitionKey("n-" + i).data(bytes("x")).build()).toList();
        expectInvalid(() -> kinesis().putRecords(b -> b.streamName(name).records(tooMany)));
        expectInvalid(() -> kinesis().putRecords(b -> b.streamName(name).records(List.of())));
    }

    @Test
    void getRecordsAnswersAtMostTenMib() {
        String name = createActive(kinesis(), name("ten-mib-get"), 1);
        int size = 20 * 1024;
        for (int batch = 0; batch < 2; batch++) {
            int first = batch * 500;
            PutRecordsResponse r = kinesis().putRecords(b -> b.streamName(name).records(IntStream.range(first, first + 500)
                    .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("p").data(bytes(size, i)).build()).toList()));
            assertThat(r.failedRecordCount()).isZero();
        }

        String it = iterator(name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        GetRecordsResponse first = kinesis().getRecords(b -> b.shardIterator(it));
        long bytes = first.records().stream().mapToLong(r -> r.data().asByteArrayUnsafe().length + r.partitionKey().length()).sum();
        assertThat(bytes).as("bytes in one GetRecords response").isLessThanOrEqualTo(10L * ONE_MIB);
        assertThat(first.records()).as("~19.5 MiB do not fit in one response").hasSizeBetween(1, 999);
        assertThat(first.millisBehindLatest()).isNotNull();

        List<Record> all = new ArrayList<>(first.records());
        all.addAll(Kit.drain(kinesis(), first.nextShardIterator()));
        assertThat(all).hasSize(1000);
        for (int i = 0; i < all.size(); i++) { // read through mappings of the segment file (reads of 1 MiB and more)
            assertThat(all.get(i).data()).as("record %d", i).isEqualTo(bytes(size, i));
        }
    }

    @Test
    void everyShardIteratorTypeStartsWhereItShould() {
        String name = createActive(kinesis(), name("iterators"), 1);
        String shard = "shardId-000000000000";
        Instant beforeAll = Instant.now().minusSeconds(5);
        List<PutRecordResponse> puts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            puts.add(kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("r" + n))));
        }
        Instant lastArrival = Kit.readAll(kinesis(), name, shard).get(2).approximateArrivalTimestamp();
        Kit.await(Duration.ofSeconds(5), "the clock to pass the last arrival time",
                () -> System.currentTimeMillis() > lastArrival.toEpochMilli());
        Instant between = Instant.ofEpochMilli(System.currentTimeMillis());
        for (int i = 3; i < 5; i++) {
            int n = i;
            puts.add(kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("r" + n))));
        }

        assertThat(read(iterator(name, shard, ShardIteratorType.TRIM_HORIZON, null, null)))
                .containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(read(iterator(name, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, puts.get(2).sequenceNumber(), null)))
                .containsExactly("r2", "r3", "r4");
        assertThat(read(iterator(name, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, puts.get(2).sequenceNumber(), null)))
                .containsExactly("r3", "r4");
        assertThat(read(iterator(name, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, puts.get(4).sequenceNumber(), null)))
                .isEmpty();
        assertThat(read(iterator(name, shard, ShardIteratorType.AT_TIMESTAMP, null, between)))
                .as("AT_TIMESTAMP %s (after r2 arrived at %s)", between, lastArrival)
                .containsExactly("r3", "r4");
        assertThat(read(iterator(name, shard, ShardIteratorType.AT_TIMESTAMP, null, beforeAll)))
                .containsExactly("r0", "r1", "r2", "r3", "r4");

        String latest = iterator(name, shard, ShardIteratorType.LATEST, null, null);
        GetRecordsResponse atTip = kinesis().getRecords(b -> b.shardIterator(latest));
        assertThat(atTip.records()).isEmpty();
        assertThat(atTip.millisBehindLatest()).isZero();
        kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("r5")));
        kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("r6")));
        assertThat(read(latest)).as("LATEST is the tip when the iterator was issued").containsExactly("r5", "r6");
        assertThat(read(atTip.nextShardIterator())).containsExactly("r5", "r6");

        Record r0 = Kit.readAll(kinesis(), name, shard).get(0);
        assertThat(r0.partitionKey()).isEqualTo("p");
        assertThat(r0.approximateArrivalTimestamp()).isBetween(beforeAll, Instant.now());

        expectError(InvalidArgumentException.class, () -> iterator(name, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, null, null));
        expectError(InvalidArgumentException.class, () -> iterator(name, shard, ShardIteratorType.AT_TIMESTAMP, null, null));
        expectError(InvalidArgumentException.class,
                () -> iterator(name, shard, ShardIteratorType.AT_TIMESTAMP, null, Instant.now().plusSeconds(3600)));
        expectError(software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException.class,
                () -> iterator(name, "shardId-000000000007", ShardIteratorType.TRIM_HORIZON, null, null));
    }

    @Test
    void getRecordsHonoursLimitAndChainsIterators() {
        String name = createActive(kinesis(), name("paging"), 1);
        List<String> sent = IntStream.range(0, 25).mapToObj(i -> "m" + i).toList();
        kinesis().putRecords(b -> b.streamName(name).records(sent.stream()
                .map(s -> PutRecordsRequestEntry.builder().partitionKey("p").data(bytes(s)).build()).toList()));

        String it = iterator(name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        List<String> got = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        GetRecordsResponse r;
        do {
            String current = it;
            r = kinesis().getRecords(b -> b.shardIterator(current).limit(10));
            sizes.add(r.records().size());
            r.records().forEach(rec -> got.add(rec.data().asUtf8String()));
            assertThat(r.millisBehindLatest()).isNotNull().isGreaterThanOrEqualTo(0L);
            assertThat(r.nextShardIterator()).as("an open shard always has a next iterator").isNotNull();
            it = r.nextShardIterator();
        } while (!r.records().isEmpty());

        assertThat(sizes).containsExactly(10, 10, 5, 0);
        assertThat(got).containsExactlyElementsOf(sent);
        assertThat(r.millisBehindLatest()).as("caught up").isZero();

        String first = iterator(name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        expectInvalid(() -> kinesis().getRecords(b -> b.shardIterator(first).limit(0)));
        expectInvalid(() -> kinesis().getRecords(b -> b.shardIterator(first).limit(10_001)));
        assertThat(kinesis().getRecords(b -> b.shardIterator(first).limit(10_000)).records()).hasSize(25);
    }

    @Test
    void millisBehindLatestTellsHowFarBehindTheTipAReaderIs() {
        String name = createActive(kinesis(), name("behind"), 1);
        kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("old")));
        long firstPut = System.currentTimeMillis();
        Kit.await(Duration.ofSeconds(5), "200 ms to pass", () -> System.currentTimeMillis() - firstPut >= 200);
        kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("new")));
        long secondPut = System.currentTimeMillis();
        Kit.await(Duration.ofSeconds(5), "100 ms to pass", () -> System.currentTimeMillis() - secondPut >= 100);

        String it = iterator(name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        GetRecordsResponse behind = kinesis().getRecords(b -> b.shardIterator(it).limit(1));
        assertThat(behind.records()).extracting(rec -> rec.data().asUtf8String()).containsExactly("old");
        assertThat(behind.millisBehindLatest()).as("one record unread, written 200 ms after the one returned")
                .isGreaterThanOrEqualTo(100L);

        GetRecordsResponse caughtUp = kinesis().getRecords(b -> b.shardIterator(behind.nextShardIterator()));
        assertThat(caughtUp.records()).extracting(rec -> rec.data().asUtf8String()).containsExactly("new");
        assertThat(caughtUp.millisBehindLatest()).isZero();
    }

    @Test
    void forgedOrAlteredIteratorsAreInvalidArguments() {
        String name = createActive(kinesis(), name("forged"), 1);
        kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("x")));
        String real = iterator(name, "shardId-000000000000", ShardIteratorType.TRIM_HORIZON, null, null);
        assertThat(real.length()).as("iterator length").isBetween(1, 512);
        assertThat(kinesis().getRecords(b -> b.shardIterator(real)).records()).hasSize(1);

        for (int pos : new int[] {real.length() / 2, real.length() / 3, real.length() - 2}) {
            char c = real.charAt(pos);
            String altered = real.substring(0, pos) + (c == 'A' ? 'B' : 'A') + real.substring(pos + 1);
            expectError(InvalidArgumentException.class, () -> kinesis().getRecords(b -> b.shardIterator(altered)));
        }
        expectError(InvalidArgumentException.class, () -> kinesis().getRecords(b -> b.shardIterator("not-an-iterator")));
        expectError(InvalidArgumentException.class,
                () -> kinesis().getRecords(b -> b.shardIterator("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")));
    }

    @Test
    void sequenceNumbersOfAnotherShardOrStreamIncarnationAreInvalidArguments() {
        String name = createActive(kinesis(), name("wrong-shard"), 2);
        String seqOfShard0 = kinesis().putRecord(b -> b.streamName(name).partitionKey("p").explicitHashKey("0")
                .data(bytes("on shard 0"))).sequenceNumber();

        for (ShardIteratorType type : List.of(ShardIteratorType.AT_SEQUENCE_NUMBER, ShardIteratorType.AFTER_SEQUENCE_NUMBER)) {
            expectError(InvalidArgumentException.class,
                    () -> iterator(name, "shardId-000000000001", type, seqOfShard0, null));
        }
        expectInvalid(() -> iterator(name, "shardId-000000000000", ShardIteratorType.AT_SEQUENCE_NUMBER, "12x", null));

        Kit.deleteAndAwaitGone(kinesis(), name);
        createActive(kinesis(), name, 2);
        expectError(InvalidArgumentException.class,
                () -> iterator(name, "shardId-000000000000", ShardIteratorType.AT_SEQUENCE_NUMBER, seqOfShard0, null));
    }

    @Test
    void sequenceNumbersIncreasePerShardAndSortAsStringsInNumericOrder() {
        String name = createActive(kinesis(), name("seq-order"), 2);
        Map<String, List<String>> perShard = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            String key = "key-" + (i % 7);
            PutRecordResponse r = kinesis().putRecord(b -> b.streamName(name).partitionKey(key).data(bytes(key)));
            perShard.computeIfAbsent(r.shardId(), s -> new ArrayList<>()).add(r.sequenceNumber());
        }
        PutRecordsResponse batch = kinesis().putRecords(b -> b.streamName(name).records(IntStream.range(0, 100)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("key-" + (i % 7)).data(bytes("b" + i)).build())
                .toList()));
        batch.records().forEach(e -> perShard.computeIfAbsent(e.shardId(), s -> new ArrayList<>()).add(e.sequenceNumber()));

        List<String> all = new ArrayList<>();
        perShard.forEach((shard, seqs) -> {
            for (int i = 1; i < seqs.size(); i++) {
                assertThat(new BigInteger(seqs.get(i))).as("%s: sequence number %d after %d", shard, i, i - 1)
                        .isGreaterThan(new BigInteger(seqs.get(i - 1)));
            }
            assertThat(new HashSet<>(seqs)).hasSameSizeAs(seqs);
            all.addAll(seqs);
        });
        List<String> asStrings = all.stream().sorted().toList();
        List<String> asNumbers = all.stream().sorted(Comparator.comparing(BigInteger::new)).toList();
        assertThat(asStrings).as("string order is numeric order").containsExactlyElementsOf(asNumbers);
        // Kinesis' shape: 56 digits, 186 bits (the KCL's SequenceNumberValidator reads only such numbers: the
        // version in bits 184.., the shard index in bits 4..35); SequenceNumbersIT decodes them
        assertThat(all).allSatisfy(s -> assertThat(s).hasSize(56));
        assertThat(all).allSatisfy(s -> assertThat(new BigInteger(s).bitLength()).isEqualTo(186));
    }

    @Test
    void sequenceNumbersAreNotReusedWhenAStreamIsDeletedAndCreatedAgain() {
        String name = createActive(kinesis(), name("incarnation"), 1);
        Set<String> old = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            old.add(kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("old"))).sequenceNumber());
        }
        Kit.deleteAndAwaitGone(kinesis(), name);
        createActive(kinesis(), name, 1);

        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fresh.add(kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("new"))).sequenceNumber());
        }

        assertThat(fresh).doesNotContainAnyElementsOf(old);
        assertThat(Kit.readAll(kinesis(), name, "shardId-000000000000"))
                .as("the new incarnation holds only its own records")
                .extracting(Record::sequenceNumber).containsExactlyElementsOf(fresh);
    }

    @Test
    void streamsRecordsTagsRetentionAndIteratorsSurviveARestart() {
        String name = createActive(kinesis(), name("restart"), 2);
        kinesis().addTagsToStream(b -> b.streamName(name).tags(Map.of("survives", "restart")));
        kinesis().increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(48));
        PutRecordsResponse put = kinesis().putRecords(b -> b.streamName(name).records(IntStream.range(0, 40)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("p" + i).data(bytes("before-" + i)).build())
                .toList()));
        assertThat(put.failedRecordCount()).isZero();
        Map<String, List<Record>> before = new LinkedHashMap<>();
        Map<String, String> trimHorizon = new LinkedHashMap<>();
        for (Shard s : Kit.shards(kinesis(), name)) {
            before.put(s.shardId(), Kit.readAll(kinesis(), name, s.shardId()));
            trimHorizon.put(s.shardId(), iterator(name, s.shardId(), ShardIteratorType.TRIM_HORIZON, null, null));
        }
        String lastOfShard0 = before.get("shardId-000000000000").getLast().sequenceNumber();
        String afterLast = iterator(name, "shardId-000000000000", ShardIteratorType.AFTER_SEQUENCE_NUMBER, lastOfShard0, null);

        riffle.restart();

        var summary = kinesis().describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
        assertThat(summary.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
        assertThat(summary.retentionPeriodHours()).isEqualTo(48);
        assertThat(summary.openShardCount()).isEqualTo(2);
        assertThat(kinesis().listStreams().streamNames()).contains(name);
        assertThat(kinesis().listTagsForStream(b -> b.streamName(name)).tags())
                .containsExactly(Tag.builder().key("survives").value("restart").build());
        for (Map.Entry<String, List<Record>> e : before.entrySet()) {
            assertThat(Kit.readAll(kinesis(), name, e.getKey())).as("records of %s after restart", e.getKey())
                    .isEqualTo(e.getValue());
            assertThat(Kit.drain(kinesis(), trimHorizon.get(e.getKey())))
                    .as("an iterator of %s issued before the restart", e.getKey()).isEqualTo(e.getValue());
        }

        PutRecordResponse after = kinesis().putRecord(b -> b.streamName(name).partitionKey("p").explicitHashKey("0")
                .data(bytes("after")));
        assertThat(after.shardId()).isEqualTo("shardId-000000000000");
        assertThat(new BigInteger(after.sequenceNumber())).isGreaterThan(new BigInteger(lastOfShard0));
        assertThat(Kit.drain(kinesis(), afterLast)).as("AFTER_SEQUENCE_NUMBER iterator issued before the restart")
                .extracting(r -> r.data().asUtf8String()).containsExactly("after");
    }

    @Test
    void acknowledgedRecordsSurviveKillDashNine() {
        String name = createActive(kinesis(), name("kill9"), 1);
        List<String> acked = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            acked.add(kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("single-" + n))).sequenceNumber());
        }
        PutRecordsResponse batch = kinesis().putRecords(b -> b.streamName(name).records(IntStream.range(0, 200)
                .mapToObj(i -> PutRecordsRequestEntry.builder().partitionKey("p").data(bytes("batch-" + i)).build()).toList()));
        assertThat(batch.failedRecordCount()).isZero();
        batch.records().forEach(e -> acked.add(e.sequenceNumber()));

        riffle.kill9AndStart();

        Kit.awaitActive(kinesis(), name);
        List<Record> read = Kit.readAll(kinesis(), name, "shardId-000000000000");
        assertThat(read).extracting(Record::sequenceNumber).containsExactlyElementsOf(acked);
        assertThat(read.subList(0, 50)).extracting(r -> r.data().asUtf8String())
                .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "single-" + i).toList());
        assertThat(read.subList(50, 250)).extracting(r -> r.data().asUtf8String())
                .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "batch-" + i).toList());
        String next = kinesis().putRecord(b -> b.streamName(name).partitionKey("p").data(bytes("after crash"))).sequenceNumber();
        assertThat(new BigInteger(next)).as("no sequence number reused after a crash")
                .isGreaterThan(new BigInteger(acked.getLast()));
    }

    @Test
    void everyAcknowledgedRecordSurvivesAKillDuringWrites() throws Exception {
        String name = createActive(kinesis(), name("kill9-busy"), 2);
        KinesisClient writerClient = kinesis();
        Map<String, String> acked = new java.util.concurrent.ConcurrentHashMap<>(); // sequence number -> data
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                String data = "busy-" + i;
                try {
                    acked.put(writerClient.putRecord(b -> b.streamName(name).partitionKey("k" + data.length() % 5 + data)
                            .data(bytes(data))).sequenceNumber(), data);
                } catch (RuntimeException serverGone) {
                    return;
                }
            }
        }, "busy-writer");
        writer.start();
        Kit.await(Duration.ofSeconds(30), "200 acknowledged writes", () -> acked.size() >= 200);

        riffle.kill9AndStart();
        stop.set(true);
        writer.join(60_000);
        assertThat(writer.isAlive()).isFalse();

        Kit.awaitActive(kinesis(), name);
        Map<String, String> read = new LinkedHashMap<>();
        for (Shard s : Kit.shards(kinesis(), name)) {
            BigInteger previous = BigInteger.valueOf(-1);
            for (Record r : Kit.readAll(kinesis(), name, s.shardId())) {
                BigInteger seq = new BigInteger(r.sequenceNumber());
                assertThat(seq).as("%s: sequence numbers after recovery", s.shardId()).isGreaterThan(previous);
                previous = seq;
                read.put(r.sequenceNumber(), r.data().asUtf8String());
            }
        }
        assertThat(read).as("every acknowledged record, with its data (%d acknowledged before kill -9)", acked.size())
                .containsAllEntriesOf(acked);
    }

    private String iterator(String stream, String shardId, ShardIteratorType type, String sequenceNumber, Instant at) {
        return kinesis().getShardIterator(b -> b.streamName(stream).shardId(shardId).shardIteratorType(type)
                .startingSequenceNumber(sequenceNumber).timestamp(at)).shardIterator();
    }

    /** The data (UTF-8) of every record from {@code iterator} to the tip. */
    private List<String> read(String iterator) {
        return Kit.drain(kinesis(), iterator).stream().map(r -> r.data().asUtf8String()).collect(Collectors.toList());
    }
}

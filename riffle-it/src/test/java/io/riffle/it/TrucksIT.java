package io.riffle.it;

import static io.riffle.it.Kit.bytes;
import static io.riffle.it.Kit.createActive;
import static io.riffle.it.Kit.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The scenario of the design notes: 100 trucks send GPS points with {@code truck_id} as the
 * partition key into a 3-shard stream. Four producer threads (each owning 25 trucks, so each
 * truck's points are sent in order by one thread) write PutRecords batches while one live
 * reader per shard follows it from TRIM_HORIZON. Every reader must see each of its trucks'
 * points in the order sent, and a second pass from TRIM_HORIZON replays every point exactly once.
 */
class TrucksIT {

    private static final int TRUCKS = 100;
    private static final int POINTS_PER_TRUCK = 60;
    private static final int PRODUCERS = 4;
    private static final int POINTS_PER_TRUCK_PER_BATCH = 5;
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Pattern POINT = Pattern.compile("\\{\"truck_id\":\"(truck-\\d{3})\",\"n\":(\\d+),.*\\}");

    @RegisterExtension
    static final RiffleServerExtension riffle = new RiffleServerExtension();

    @Test
    void eachShardReaderSeesEveryTrucksPointsInOrderAndAReplayHasEachPointOnce() throws Exception {
        KinesisClient kinesis = riffle.kinesis();
        String stream = createActive(kinesis, name("trucks"), 3);
        List<Shard> shards = Kit.shards(kinesis, stream);
        Map<String, String> shardOfTruck = new HashMap<>();
        for (int t = 0; t < TRUCKS; t++) {
            shardOfTruck.put(truck(t), Kit.shardOwning(shards, Kit.hashKey(truck(t))));
        }

        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + shards.size());
        AtomicBoolean producersDone = new AtomicBoolean();
        Map<String, AtomicInteger> acceptedPerShard = new ConcurrentHashMap<>();
        try {
            List<Future<List<Point>>> readers = new ArrayList<>();
            for (Shard s : shards) {
                String first = kinesis.getShardIterator(b -> b.streamName(stream).shardId(s.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                readers.add(pool.submit(() -> follow(kinesis, s.shardId(), first, producersDone, acceptedPerShard)));
            }
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers.add(pool.submit(() -> {
                    produce(kinesis, stream, producer, shardOfTruck, acceptedPerShard);
                    return null;
                }));
            }
            for (Future<?> f : producers) {
                f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            producersDone.set(true);

            int total = 0;
            for (int i = 0; i < shards.size(); i++) {
                String shardId = shards.get(i).shardId();
                List<Point> seen = readers.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(seen).as("points the live reader of %s saw", shardId)
                        .hasSize(acceptedPerShard.getOrDefault(shardId, new AtomicInteger()).get());
                assertInOrderPerTruck(shardId, seen, shardOfTruck);
                total += seen.size();
            }
            assertThat(total).isEqualTo(TRUCKS * POINTS_PER_TRUCK);
        } finally {
            producersDone.set(true);
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        Set<String> replayed = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (Shard s : shards) {
            for (Record r : Kit.readAll(kinesis, stream, s.shardId())) {
                Point p = Point.parse(r);
                if (!replayed.add(p.truck() + "#" + p.n())) {
                    duplicates.add(p.truck() + "#" + p.n());
                }
            }
        }
        assertThat(duplicates).as("points replayed twice").isEmpty();
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < TRUCKS; t++) {
            for (int n = 0; n < POINTS_PER_TRUCK; n++) {
                expected.add(truck(t) + "#" + n);
            }
        }
        assertThat(replayed).as("a replay from TRIM_HORIZON of every shard").isEqualTo(expected);
    }

    /** Producer {@code producer} owns trucks producer, producer + 4, ...; batches hold 5 points of each. */
    private static void produce(KinesisClient kinesis, String stream, int producer, Map<String, String> shardOfTruck,
                                Map<String, AtomicInteger> acceptedPerShard) {
        List<Integer> mine = new ArrayList<>();
        for (int t = producer; t < TRUCKS; t += PRODUCERS) {
            mine.add(t);
        }
        for (int from = 0; from < POINTS_PER_TRUCK; from += POINTS_PER_TRUCK_PER_BATCH) {
            List<PutRecordsRequestEntry> batch = new ArrayList<>();
            for (int n = from; n < from + POINTS_PER_TRUCK_PER_BATCH; n++) {
                for (int t : mine) {
                    batch.add(PutRecordsRequestEntry.builder().partitionKey(truck(t)).data(bytes(gps(t, n))).build());
                }
            }
            PutRecordsResponse r = kinesis.putRecords(b -> b.streamName(stream).records(batch));
            assertThat(r.failedRecordCount()).as("failed entries of producer %d (no limits are set)", producer).isZero();
            for (int i = 0; i < batch.size(); i++) {
                PutRecordsResultEntry e = r.records().get(i);
                assertThat(e.shardId()).as("shard of %s", batch.get(i).partitionKey())
                        .isEqualTo(shardOfTruck.get(batch.get(i).partitionKey()));
                acceptedPerShard.computeIfAbsent(e.shardId(), s -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    /** Follows one shard until the producers are done and it has read everything accepted for it. */
    private static List<Point> follow(KinesisClient kinesis, String shardId, String firstIterator,
                                      AtomicBoolean producersDone, Map<String, AtomicInteger> acceptedPerShard) {
        List<Point> seen = new ArrayList<>();
        String it = firstIterator;
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            String current = it;
            GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(current).limit(1000));
            r.records().forEach(rec -> seen.add(Point.parse(rec)));
            it = r.nextShardIterator();
            if (r.records().isEmpty()) {
                int accepted = acceptedPerShard.getOrDefault(shardId, new AtomicInteger()).get();
                if (producersDone.get() && seen.size() >= accepted) {
                    return seen;
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError(shardId + ": read " + seen.size() + " of " + accepted
                            + " points within " + DEADLINE.toSeconds() + " s");
                }
                Kit.pause(20); // at the tip: poll again, as a consumer does
            }
        }
    }

    private static void assertInOrderPerTruck(String shardId, List<Point> seen, Map<String, String> shardOfTruck) {
        Map<String, Integer> next = new HashMap<>();
        for (Point p : seen) {
            assertThat(shardOfTruck.get(p.truck())).as("%s read from %s", p.truck(), shardId).isEqualTo(shardId);
            int expected = next.getOrDefault(p.truck(), 0);
            assertThat(p.n()).as("%s: point after #%d on %s", p.truck(), expected - 1, shardId).isEqualTo(expected);
            next.put(p.truck(), expected + 1);
        }
        next.forEach((truck, count) -> assertThat(count).as("points of %s", truck).isEqualTo(POINTS_PER_TRUCK));
    }

    private static String truck(int t) {
        return String.format(Locale.ROOT, "truck-%03d", t);
    }

    private static String gps(int t, int n) {
        double lat = 48.85 + t * 0.01 + n * 0.0001;
        double lon = 2.35 + t * 0.01 - n * 0.0001;
        return String.format(Locale.ROOT, "{\"truck_id\":\"%s\",\"n\":%d,\"lat\":%.6f,\"lon\":%.6f,\"speed_kmh\":%d}",
                truck(t), n, lat, lon, 40 + (t + n) % 50);
    }

    private record Point(String truck, int n) {
        static Point parse(Record r) {
            String json = r.data().asUtf8String();
            Matcher m = POINT.matcher(json);
            assertThat(m.matches()).as("a GPS point: %s", json).isTrue();
            assertThat(r.partitionKey()).isEqualTo(m.group(1));
            return new Point(m.group(1), Integer.parseInt(m.group(2)));
        }
    }
}

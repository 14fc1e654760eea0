package io.riffle.bench.codec;

import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireFormat;
import io.riffle.kinesis.api.KinesisCodec;
import io.riffle.kinesis.api.PutRecordsOutput;
import io.riffle.kinesis.api.PutRecordsResultEntry;
import io.riffle.kinesis.model.HashKey;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.RecordNumberDigits;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The per-record work of one PutRecords of 500 records outside storage, each way it has been done (issue 17):
 * <ul>
 *   <li>{@code route*}: the partition key's MD5 and the open shard owning it among 8, as a {@link BigInteger}
 *       searched by {@code compareTo} (before) or as a {@link HashKey} of two unsigned longs (now);</li>
 *   <li>{@code numbers*}: the answer's 500 sequence numbers and shard ids, each number divided out of its 192 bits
 *       and each shard id formatted again (before), or by {@link RecordNumberDigits}' addition with the shard id
 *       made once (now);</li>
 *   <li>{@code answer}: the answer encoded in the request's wire format (CBOR for the Java SDK, JSON for boto3).</li>
 * </ul>
 * The "before" variants call what the put path called then ({@link HashKeys#ofPartitionKey}, {@link
 * SequenceNumbers#ofRecord}, {@link ShardInfo#shardId}), so both ways run in one JVM on one machine.
 *
 * <p>Run: {@code java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.codec.PutRecordsPathBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PutRecordsPathBench {
    private static final int RECORDS = 500;
    private static final int SHARDS = 8;
    private static final long CREATED_MS = 1_796_000_000_123L;
    private static final int EPOCH = 7;
    private static final long FIRST_POSITION = 123_456_789L;

    @Param({"CBOR", "JSON"})
    public String format;

    private final WireCodec wireCodec = WireCodec.standard();
    private WireFormat wireFormat;
    private StreamInfo stream;
    private ShardInfo shard;
    private final byte[][] keys = new byte[RECORDS][];
    private final BigInteger[] bigStarts = new BigInteger[SHARDS];
    private final HashKey[] starts = new HashKey[SHARDS];
    private final long arrivalMs = CREATED_MS + 3_600_000L;

    @Setup
    public void setUp() {
        wireFormat = WireFormat.valueOf(format);
        List<HashKeys.Range> ranges = HashKeys.split(SHARDS);
        for (int i = 0; i < SHARDS; i++) {
            bigStarts[i] = ranges.get(i).start();
            starts[i] = HashKey.of(ranges.get(i).start());
        }
        shard = ShardInfo.open(3, ranges.get(3), null, null, CREATED_MS);
        stream = new StreamInfo("bench", 41, StreamInfo.StreamStatus.ACTIVE, CREATED_MS, "PROVISIONED", CREATED_MS, 24,
                List.of(shard), Map.of(), Set.of(), 1024);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < RECORDS; i++) {
            // the load generators' keys: a random number in decimal
            keys[i] = Long.toString(random.nextLong(1L << 40)).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public int routeBigInteger() {
        int sum = 0;
        for (byte[] key : keys) {
            BigInteger hash = HashKeys.ofPartitionKey(key);
            int at = 0;
            for (int lo = 0, hi = SHARDS - 1; lo <= hi; ) {
                int mid = (lo + hi) >>> 1;
                if (bigStarts[mid].compareTo(hash) <= 0) {
                    at = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            sum += at;
        }
        return sum;
    }

    @Benchmark
    public int routeTwoLongs() {
        int sum = 0;
        for (byte[] key : keys) {
            HashKey hash = HashKeys.keyOfPartitionKey(key);
            int at = 0;
            for (int lo = 0, hi = SHARDS - 1; lo <= hi; ) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid].compareTo(hash) <= 0) {
                    at = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            sum += at;
        }
        return sum;
    }

    @Benchmark
    public List<PutRecordsResultEntry> numbersDivided() {
        List<PutRecordsResultEntry> entries = new ArrayList<>(RECORDS);
        for (int k = 0; k < RECORDS; k++) {
            entries.add(new PutRecordsResultEntry(SequenceNumbers.ofRecord(stream, shard, EPOCH, FIRST_POSITION + k,
                    arrivalMs), shard.shardId(), null, null));
        }
        return entries;
    }

    @Benchmark
    public List<PutRecordsResultEntry> numbersByAddition() {
        return entriesByAddition();
    }

    @Benchmark
    public byte[] answer() {
        return wireCodec.encode(wireFormat, new PutRecordsOutput(0, entriesByAddition(), "NONE"),
                KinesisCodec::writePutRecordsOutput);
    }

    private List<PutRecordsResultEntry> entriesByAddition() {
        List<PutRecordsResultEntry> entries = new ArrayList<>(RECORDS);
        RecordNumberDigits numbers = new RecordNumberDigits(stream, shard);
        String shardId = shard.shardId();
        for (int k = 0; k < RECORDS; k++) {
            numbers.write(EPOCH, FIRST_POSITION + k, arrivalMs);
            entries.add(new PutRecordsResultEntry(numbers.text(), shardId, null, null));
        }
        return entries;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(PutRecordsPathBench.class.getSimpleName()).build()).run();
    }
}

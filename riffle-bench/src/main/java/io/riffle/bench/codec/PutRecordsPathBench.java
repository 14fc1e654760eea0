package io.riffle.bench.codec;

import io.riffle.aws.wire.Blob;
import io.riffle.aws.wire.Violations;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireFormat;
import io.riffle.kinesis.api.KinesisCodec;
import io.riffle.kinesis.api.KinesisValidator;
import io.riffle.kinesis.api.PutRecordsInput;
import io.riffle.kinesis.api.PutRecordsOutput;
import io.riffle.kinesis.api.PutRecordsRequestEntry;
import io.riffle.kinesis.api.PutRecordsResultEntry;
import io.riffle.kinesis.model.HashKey;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.RecordNumberDigits;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 *   <li>{@code answer}: the answer (its entries made) encoded in the request's wire format (CBOR for the Java SDK,
 *       JSON for boto3);</li>
 *   <li>{@code validate}: the request's model constraints checked (500 entries of 1 KiB).</li>
 * </ul>
 * The "before" variants call what the put path called then ({@link HashKeys#ofPartitionKey}, {@link
 * SequenceNumbers#ofRecord}, {@link ShardInfo#shardId}), so both ways run in one JVM on one machine.
 *
 * <p>Run: {@code java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.codec.PutRecordsPathBench}
 * (JMH), or with {@code --cpu-time} (see {@link #main}). {@code answer} and {@code validate} of another build: put
 * its {@code riffle.jar} first on the class path, {@code --cpu-time CBOR answer,validate}.
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
    /** A PutRecords of 500 records of 1 KiB, for {@code validate}, and its answer, for {@code answer}. */
    private PutRecordsInput request;
    private PutRecordsOutput answer;

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
        List<PutRecordsRequestEntry> entries = new ArrayList<>(RECORDS);
        for (byte[] key : keys) {
            byte[] data = new byte[1024];
            random.nextBytes(data);
            entries.add(new PutRecordsRequestEntry(Blob.wrap(data), null, new String(key, StandardCharsets.UTF_8)));
        }
        request = new PutRecordsInput(entries, "bench", null, null);
        answer = new PutRecordsOutput(0, numbersDivided(), "NONE");
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
        return wireCodec.encode(wireFormat, answer, KinesisCodec::writePutRecordsOutput);
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

    @Benchmark
    public Violations validate() {
        return KinesisValidator.validate(request);
    }

    /**
     * JMH by default; {@code --cpu-time [CBOR|JSON] [op,op...]} measures each op's thread CPU time instead (2,000
     * calls a round, the ops alternated, medians of 15 rounds after 5 unmeasured): on a machine other processes
     * share, wall time counts the time this thread waited for a core, CPU time does not.
     */
    public static void main(String[] args) throws RunnerException {
        if (args.length > 0 && args[0].equals("--cpu-time")) {
            CpuTimes.print(args.length > 1 ? args[1] : "CBOR", args.length > 2 ? List.of(args[2].split(","))
                    : List.of("routeBigInteger", "routeTwoLongs", "numbersDivided", "numbersByAddition", "answer",
                    "validate"));
            return;
        }
        new Runner(new OptionsBuilder().include(PutRecordsPathBench.class.getSimpleName()).build()).run();
    }

    /** The {@code --cpu-time} mode. */
    private static final class CpuTimes {
        private static final int ROUNDS = 15;
        private static final int WARMUP_ROUNDS = 5;
        private static final int CALLS = 2_000;
        @SuppressWarnings("unused") // keeps each result alive, so the JIT cannot drop the call
        private static volatile Object sink;

        static void print(String format, List<String> names) {
            PutRecordsPathBench bench = new PutRecordsPathBench();
            bench.format = format;
            bench.setUp();
            Map<String, Supplier<Object>> all = Map.of("routeBigInteger", bench::routeBigInteger,
                    "routeTwoLongs", bench::routeTwoLongs, "numbersDivided", bench::numbersDivided,
                    "numbersByAddition", bench::numbersByAddition, "answer", bench::answer, "validate", bench::validate);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            double[][] micros = new double[names.size()][ROUNDS];
            for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
                for (int i = 0; i < names.size(); i++) {
                    Supplier<Object> op = all.get(names.get(i));
                    long start = threads.getCurrentThreadCpuTime();
                    for (int k = 0; k < CALLS; k++) {
                        sink = op.get();
                    }
                    if (round >= 0) {
                        micros[i][round] = (threads.getCurrentThreadCpuTime() - start) / 1e3 / CALLS;
                    }
                }
            }
            for (int i = 0; i < names.size(); i++) {
                Arrays.sort(micros[i]);
                System.out.printf(Locale.ROOT, "%-18s %s: median %.1f us of CPU per call of %d records (min %.1f, "
                        + "max %.1f)%n", names.get(i), format, micros[i][ROUNDS / 2], RECORDS, micros[i][0],
                        micros[i][ROUNDS - 1]);
            }
        }
    }
}

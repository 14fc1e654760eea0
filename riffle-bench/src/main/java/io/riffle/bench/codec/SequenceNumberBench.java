package io.riffle.bench.codec;

import io.riffle.aws.wire.Blob;
import io.riffle.aws.wire.WireCodec;
import io.riffle.aws.wire.WireFormat;
import io.riffle.kinesis.api.GetRecordsOutput;
import io.riffle.kinesis.api.KinesisCodec;
import io.riffle.kinesis.api.Record;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.SequenceNumber;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
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
 * What Kinesis' 56-digit sequence numbers cost the read path per record, against the 39-digit ones they
 * replaced: one GetRecords answer of 500 records of 100 B, its numbers made as {@code ShardReads} makes them
 * ({@code numbers*}: only the numbers; {@code answer*}: the numbers and the answer encoded in the request's wire
 * format, where the 17 more digits per record are also bytes to write).
 *
 * <p>Run: {@code java -cp <riffle-bench class path> io.riffle.bench.codec.SequenceNumberBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SequenceNumberBench {
    private static final int RECORDS = 500;
    private static final int RECORD_BYTES = 100;
    private static final long CREATED_MS = 1_796_000_000_123L;
    private static final int EPOCH = 7;
    private static final long FIRST_POSITION = 123_456_789L;

    @Param({"JSON", "CBOR"})
    public String format;

    private final WireCodec wireCodec = WireCodec.standard();
    private WireFormat wireFormat;
    private StreamInfo stream;
    private ShardInfo shard;
    private final byte[][] data = new byte[RECORDS][];
    private final long[] arrivalMs = new long[RECORDS];

    @Setup
    public void setUp() {
        wireFormat = WireFormat.valueOf(format);
        shard = ShardInfo.open(3, HashKeys.split(4).get(3), null, null, CREATED_MS);
        stream = new StreamInfo("bench", 41, StreamInfo.StreamStatus.ACTIVE, CREATED_MS, "PROVISIONED", CREATED_MS, 24,
                List.of(shard), Map.of(), Set.of(), 1024);
        Random random = new Random(42);
        for (int i = 0; i < RECORDS; i++) {
            data[i] = new byte[RECORD_BYTES];
            random.nextBytes(data[i]);
            arrivalMs[i] = CREATED_MS + 3_600_000L + i;
        }
    }

    private String oldNumber(int i) {
        return new SequenceNumber(stream.incarnation(), shard.index(), EPOCH, FIRST_POSITION + i).format();
    }

    private String kinesisNumber(int i) {
        return SequenceNumbers.ofRecord(stream, shard, EPOCH, FIRST_POSITION + i, arrivalMs[i]);
    }

    @Benchmark
    public int numbersOld39Digits() {
        return numbers(this::oldNumber);
    }

    @Benchmark
    public int numbersKinesis56Digits() {
        return numbers(this::kinesisNumber);
    }

    @Benchmark
    public byte[] answerOld39Digits() {
        return answer(this::oldNumber);
    }

    @Benchmark
    public byte[] answerKinesis56Digits() {
        return answer(this::kinesisNumber);
    }

    private static int numbers(IntFunction<String> number) {
        int length = 0;
        for (int i = 0; i < RECORDS; i++) {
            length += number.apply(i).length();
        }
        return length;
    }

    private byte[] answer(IntFunction<String> number) {
        List<Record> records = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            records.add(new Record(number.apply(i), Instant.ofEpochMilli(arrivalMs[i]), Blob.wrap(data[i]), "pk-" + i,
                    null));
        }
        return wireCodec.encode(wireFormat, new GetRecordsOutput(records, "iterator", 0L, null),
                KinesisCodec::writeGetRecordsOutput);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(SequenceNumberBench.class.getSimpleName()).build()).run();
    }
}

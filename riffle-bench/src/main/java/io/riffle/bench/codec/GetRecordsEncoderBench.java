package io.riffle.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.riffle.aws.wire.Blob;
import io.riffle.aws.wire.WireCodec;
import io.riffle.kinesis.api.GetRecordsOutput;
import io.riffle.kinesis.api.KinesisCodec;
import io.riffle.kinesis.api.Record;
import io.riffle.kinesis.data.RecordsAnswer;
import io.riffle.kinesis.model.HashKeys;
import io.riffle.kinesis.model.SequenceNumbers;
import io.riffle.kinesis.model.ShardInfo;
import io.riffle.kinesis.model.StreamInfo;
import io.riffle.kinesis.protocol.WireFormat;
import io.riffle.storage.RecordAttributes;
import io.riffle.storage.StoredRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
 * One GetRecords answer of 500 records encoded from storage's record views (read-only slices of one read buffer,
 * as storage hands them out), two ways: {@code tree} is the path before issue 17 (a model {@code Record} per record
 * with its data copied out of the view, its key decoded to a String and its number formatted to a String, then the
 * generated writer through Jackson into a byte array); {@code streaming} is {@link RecordsAnswer}'s encoders, straight
 * from the views into one pooled buffer sized first. Records per second per core = 500 / the time per answer.
 *
 * <p>Run: {@code java -cp <riffle-bench class path> io.riffle.bench.codec.GetRecordsEncoderBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GetRecordsEncoderBench {
    private static final int RECORDS = 500;
    private static final long CREATED_MS = 1_796_000_000_123L;
    private static final WireCodec CODEC = WireCodec.standard();

    @Param({"JSON", "CBOR"})
    public String format;

    @Param({"100", "1024"})
    public int recordBytes;

    private WireFormat wireFormat;
    private StreamInfo stream;
    private ShardInfo shard;
    private List<StoredRecord> records;
    private final GetRecordsOutput rest = new GetRecordsOutput(null,
            "AAAAAAAAAAHX2ox0IkBK7ilgiEMLbAsXMqFO0U4/ekHgJ7w7Ztp6rIVq6BX0V8fsrWEM1+cCW2lcs6oEJLnJxPAsoX6XsZGCMiHN"
                    + "FDhsDMVylMH4ddDO3CLhdhd0IoWRTUsQFOiCIKEk5TIejyfLXFxrl7R1+Q0nRupfYtXaxmtfnmz6GYqPiw==", 0L, null);

    @Setup
    public void setUp() {
        wireFormat = WireFormat.valueOf(format);
        shard = ShardInfo.open(3, HashKeys.split(4).get(3), null, null, CREATED_MS);
        stream = new StreamInfo("bench", 41, StreamInfo.StreamStatus.ACTIVE, CREATED_MS, "PROVISIONED", CREATED_MS, 24,
                List.of(shard), Map.of(), Set.of(), 1024);
        Random random = new Random(42);
        ByteBuffer readBuffer = ByteBuffer.allocate(RECORDS * (recordBytes + 16));
        records = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            byte[] key = ("pk-" + i).getBytes(StandardCharsets.UTF_8);
            byte[] data = new byte[recordBytes];
            random.nextBytes(data);
            int keyAt = readBuffer.position();
            readBuffer.put(key);
            int dataAt = readBuffer.position();
            readBuffer.put(data);
            records.add(new StoredRecord(123_456_789L + i, CREATED_MS + 3_600_000L + i, 7,
                    readBuffer.slice(keyAt, key.length).asReadOnlyBuffer(), RecordAttributes.NONE,
                    readBuffer.slice(dataAt, data.length).asReadOnlyBuffer()));
        }
    }

    @Benchmark
    public int tree() {
        List<Record> model = new ArrayList<>(records.size());
        for (StoredRecord r : records) {
            model.add(new Record(SequenceNumbers.ofRecord(stream, shard, r.writerEpoch(), r.position(),
                    r.arrivalTimestampMs()), Instant.ofEpochMilli(r.arrivalTimestampMs()), Blob.wrap(r.dataBytes()),
                    r.keyAsString(), null));
        }
        return CODEC.encode(wireFormat.wire(), new GetRecordsOutput(model, rest.nextShardIterator(),
                rest.millisBehindLatest(), null), KinesisCodec::writeGetRecordsOutput).length;
    }

    @Benchmark
    public int streaming() {
        ByteBuf body = new RecordsAnswer<>(stream, shard, records, null, rest, KinesisCodec::writeGetRecordsOutput)
                .encode(wireFormat, PooledByteBufAllocator.DEFAULT);
        int length = body.readableBytes();
        body.release();
        return length;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(GetRecordsEncoderBench.class.getSimpleName()).build()).run();
    }
}

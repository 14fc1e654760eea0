package io.riffle.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
import io.riffle.storage.AppendRecord;
import io.riffle.storage.Durability;
import io.riffle.storage.LogStore;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One GetRecords answer of 500 records encoded from what one read of a real store (the embedded engine, in a
 * temporary directory) hands out, two ways: {@code tree} is the path before issue 17 (a model {@code Record} per record
 * with its data copied out of the view, its key decoded to a String and its number formatted to a String, then the
 * generated writer through Jackson into a byte array); {@code streaming} is {@link RecordsAnswer}'s encoders, straight
 * from the read's buffers into one pooled buffer sized first, taken from {@code allocator}: {@code adaptive} is
 * Netty 4.2's default, which the server answers from, {@code pooled} the one this benchmark used before
 * 2026-12-04 22:30 UTC. {@code readAndStreaming} reads the records from the store first, as GetRecords does.
 * Records per second per core = 500 / the time per answer.
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

    @Param({"adaptive", "pooled"})
    public String allocator;

    private WireFormat wireFormat;
    private StreamInfo stream;
    private ShardInfo shard;
    private ByteBufAllocator buffers;
    private Path dir;
    private LogStore store;
    private ShardLog log;
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
        buffers = allocator.equals("pooled") ? PooledByteBufAllocator.DEFAULT : ByteBufAllocator.DEFAULT;
        Random random = new Random(42);
        List<AppendRecord> appended = new ArrayList<>(RECORDS);
        long arrivalMs = System.currentTimeMillis(); // within the store's retention, which hides older records
        for (int i = 0; i < RECORDS; i++) {
            byte[] data = new byte[recordBytes];
            random.nextBytes(data);
            appended.add(AppendRecord.of(("pk-" + i).getBytes(StandardCharsets.UTF_8), data, arrivalMs + i));
        }
        try {
            dir = Files.createTempDirectory("encoder-bench");
            store = LogStore.open(StoreConfig.at(dir).durability(Durability.NONE));
            log = store.create("bench");
            if (!log.append(appended).get(30, TimeUnit.SECONDS).isOk()) {
                throw new IllegalStateException("the bench's records were not appended");
            }
            records = log.read(0, RECORDS, 10 << 20).records();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (records.size() != RECORDS) {
            throw new IllegalStateException("read " + records.size() + " of " + RECORDS + " records");
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
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
                .encode(wireFormat, buffers);
        int length = body.readableBytes();
        body.release();
        return length;
    }

    /** The read as well (storage's read into pooled chunks, then the answer from them): GetRecords' work. */
    @Benchmark
    public int readAndStreaming() {
        ReadResult read = log.read(0, RECORDS, 10 << 20);
        if (read.records().size() != RECORDS) {
            throw new IllegalStateException("read " + read.records().size() + " of " + RECORDS + " records");
        }
        ByteBuf body = new RecordsAnswer<>(stream, shard, read.records(), null, rest,
                KinesisCodec::writeGetRecordsOutput, read.buffers()).encode(wireFormat, buffers);
        int length = body.readableBytes();
        body.release();
        return length;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(GetRecordsEncoderBench.class.getSimpleName()).build()).run();
    }
}

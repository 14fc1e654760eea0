package io.riffle.bench.storage;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.RecordAttributes;
import io.riffle.storage.format.RecordBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One shard's share of a 500-record PutRecords over 8 shards (62 records) encoded as a batch and written to the end
 * of a segment file, as a shard's owner thread does it: into a new heap array ({@code heap}: zeroed on allocation, and
 * copied once more by the JDK into a temporary direct buffer of its own for the write) or into a reused direct buffer
 * ({@code direct}, what {@code LocalShardLog} does with {@code StorageBuffers.BATCHES}). The file is cut back to
 * empty every 1 GiB, so most writes extend it, as a segment's do.
 *
 * <p>Run: {@code java -cp riffle-bench/target/riffle-bench.jar io.riffle.bench.storage.BatchWriteBench}; the
 * figure is µs per batch, single-threaded (the write's kernel time included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchWriteBench {
    private static final int RECORDS = 62;
    private static final long FILE_CUT_BYTES = 1L << 30;

    @Param({"1024", "100"})
    public int recordBytes;

    @Param({"heap", "direct"})
    public String buffer;

    private final List<AppendRecord> records = new ArrayList<>();
    private final long[] timestampsMs = new long[RECORDS];
    private int size;
    private ByteBuffer reused;
    private Path file;
    private FileChannel channel;
    private long position;

    @Setup
    public void setUp() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < RECORDS; i++) {
            byte[] data = new byte[recordBytes];
            random.nextBytes(data);
            records.add(AppendRecord.of(("partition-key-" + i).getBytes(StandardCharsets.UTF_8), RecordAttributes.NONE,
                    data, 1_796_000_000_000L + i));
        }
        Arrays.fill(timestampsMs, 1_796_000_000_000L);
        size = (int) RecordBatch.encodedSize(records);
        reused = ByteBuffer.allocateDirect(Integer.highestOneBit(size) * 2);
        file = Files.createTempFile("batch-write-bench", ".seg");
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    @TearDown
    public void tearDown() throws IOException {
        channel.close();
        Files.deleteIfExists(file);
    }

    @Benchmark
    public long encodeAndWrite() throws IOException {
        ByteBuffer batch = buffer.equals("heap")
                ? RecordBatch.encode(position, 1, records, timestampsMs, size)
                : RecordBatch.encode(reused, position, 1, records, timestampsMs, size);
        while (batch.hasRemaining()) {
            position += channel.write(batch, position);
        }
        if (position >= FILE_CUT_BYTES) {
            channel.truncate(0);
            position = 0;
        }
        return position;
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(BatchWriteBench.class.getSimpleName()).build()).run();
    }
}

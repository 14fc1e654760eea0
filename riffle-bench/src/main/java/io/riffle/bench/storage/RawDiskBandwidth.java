package io.riffle.bench.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The yardstick for the engine's append figures: how fast one thread can append large blocks to a
 * new file on the same disk when it fdatasyncs ({@code FileChannel.force(false)}, as the journal
 * does) after every block, and when it does so every few blocks. No engine code is involved.
 * Each round writes a new file, as the journal does, and deletes it afterwards.
 */
public final class RawDiskBandwidth {
    static final int BLOCK_BYTES = 1024 * 1024;
    static final int BLOCKS_PER_SYNC_GROUPED = 8;

    /**
     * Figures in MB/s (10^6 bytes per second): the median of several rounds, and the range, since
     * a virtual or shared disk varies from one second to the next.
     */
    record Figures(double fsyncEachBlockMBps, double fsyncEachBlockMinMBps, double fsyncEachBlockMaxMBps,
                   double fsyncEvery8BlocksMBps, int rounds, double secondsPerRound) {
    }

    private RawDiskBandwidth() {
    }

    /**
     * Measures in {@code dir}, deleting its files after: {@code rounds} rounds of {@code seconds}
     * with a sync after every block, alternating with as many rounds syncing every 8 blocks.
     */
    static Figures measure(Path dir, double seconds, int rounds) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK_BYTES);
        SplittableRandom random = new SplittableRandom(42);
        while (block.remaining() >= Long.BYTES) {
            block.putLong(random.nextLong()); // incompressible, should the device compress
        }
        double[] each = new double[rounds];
        double[] grouped = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            each[i] = run(dir.resolve("raw-fsync-each.bin"), block, 1, seconds);
            grouped[i] = run(dir.resolve("raw-fsync-grouped.bin"), block, BLOCKS_PER_SYNC_GROUPED, seconds);
        }
        Arrays.sort(each);
        Arrays.sort(grouped);
        return new Figures(median(each), each[0], each[rounds - 1], median(grouped), rounds, seconds);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double run(Path file, ByteBuffer block, int blocksPerSync, double seconds) throws IOException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long written = 0;
        long started = System.nanoTime();
        long ended;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int blocks = 0;
            do {
                block.clear();
                while (block.hasRemaining()) {
                    written += ch.write(block, written);
                }
                if (++blocks % blocksPerSync == 0) {
                    ch.force(false);
                }
            } while (System.nanoTime() < deadline || blocks % blocksPerSync != 0);
            ended = System.nanoTime();
        } finally {
            Files.deleteIfExists(file);
        }
        return written / ((ended - started) / 1e9) / 1e6;
    }
}

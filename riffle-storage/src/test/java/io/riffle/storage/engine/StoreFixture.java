package io.riffle.storage.engine;

import io.riffle.storage.Durability;
import io.riffle.storage.StoreConfig;
import io.riffle.storage.io.FileIO;
import io.riffle.storage.io.RealFileIO;
import io.riffle.storage.io.SimulatedDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One way to run a store in a test: a disk (real files in a temporary directory, or the
 * simulated disk) and a durability setting, with a clock the test moves.
 */
final class StoreFixture implements AutoCloseable {
    enum Disk { REAL, SIMULATED }

    final Disk disk;
    final Durability durability;
    final Path dir;
    final FileIO io;
    final AtomicLong clock = new AtomicLong(0); // records in tests carry small timestamps
    private UnaryOperator<StoreConfig> tuning = UnaryOperator.identity();
    private EmbeddedLogStore store;

    StoreFixture(Disk disk, Durability durability, Path tempDir) {
        this.disk = disk;
        this.durability = durability;
        this.dir = disk == Disk.REAL ? tempDir.resolve("store") : Path.of("/sim/store");
        this.io = disk == Disk.REAL ? new RealFileIO() : new SimulatedDisk();
    }

    /** Extra settings for every open of this fixture. */
    StoreFixture tune(UnaryOperator<StoreConfig> more) {
        UnaryOperator<StoreConfig> previous = tuning;
        tuning = c -> more.apply(previous.apply(c));
        return this;
    }

    StoreConfig config() {
        StoreConfig c = StoreConfig.at(dir).fileIO(io).durability(durability).fsyncIntervalMs(5)
                .clockMs(clock::get).ownerThreads(2).maintenanceIntervalMs(3_600_000)
                .checkpointIntervalMs(3_600_000);
        return tuning.apply(c);
    }

    EmbeddedLogStore open() throws IOException {
        store = EmbeddedLogStore.open(config());
        return store;
    }

    EmbeddedLogStore store() {
        return store;
    }

    /** Clean close, then open again. */
    EmbeddedLogStore reopen() throws IOException {
        store.close();
        return open();
    }

    /** Process crash (threads stop, nothing flushed), then open again; files keep every written byte. */
    EmbeddedLogStore crashAndReopen() throws IOException {
        store.closeAbruptly();
        return open();
    }

    /** Power loss on the simulated disk (unsynced bytes and entries vanish), then open again. */
    EmbeddedLogStore powerLossAndReopen(SimulatedDisk.TailFate fate, Random random) throws IOException {
        simulated().powerLoss(fate, random);
        store.closeAbruptly(); // its threads find the disk gone
        simulated().powerOn();
        return open();
    }

    SimulatedDisk simulated() {
        return (SimulatedDisk) io;
    }

    long advanceClock(long ms) {
        return clock.addAndGet(ms);
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    public String toString() {
        return disk.name().toLowerCase() + " disk, " + durability.configName();
    }
}

package io.riffle.storage;

import io.riffle.storage.io.FileIO;
import io.riffle.storage.io.RealFileIO;
import io.riffle.storage.io.SimulatedDisk;
import io.riffle.storage.memory.InMemoryLogStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One store implementation and setting that {@link ShardLogContractTest} runs its contract on: how
 * to open it, whether it survives a restart, and where its segment files are (if it has any), with
 * a clock the test moves. {@link #all} lists every one.
 */
public abstract class StoreUnderTest implements AutoCloseable {
    final AtomicLong clock = new AtomicLong(0); // records in tests carry small timestamps
    private UnaryOperator<StoreConfig> tuning = UnaryOperator.identity();
    protected LogStore store;
    private final String name;

    protected StoreUnderTest(String name) {
        this.name = name;
    }

    /** Every store and setting the contract holds for; {@code temp} is a fresh directory per test. */
    static List<StoreUnderTest> all(Path temp) {
        List<StoreUnderTest> all = new ArrayList<>();
        for (Durability d : Durability.values()) {
            all.add(new Embedded("embedded, real disk, " + d.configName(), d, temp.resolve("real-" + d.configName()),
                    new RealFileIO(), 0));
        }
        for (Durability d : Durability.values()) {
            all.add(new Embedded("embedded, simulated disk, " + d.configName(), d, Path.of("/sim/store"),
                    new SimulatedDisk(), 0));
        }
        all.add(new Embedded("embedded, reopened after a clean close", Durability.FSYNC, temp.resolve("reopened"),
                new RealFileIO(), 1));
        all.add(new Embedded("embedded, recovered after a crash", Durability.FSYNC, Path.of("/sim/store"),
                new SimulatedDisk(), 2));
        all.add(new InMemory());
        return all;
    }

    /** Extra settings for every open. */
    StoreUnderTest tune(UnaryOperator<StoreConfig> more) {
        UnaryOperator<StoreConfig> previous = tuning;
        tuning = c -> more.apply(previous.apply(c));
        return this;
    }

    StoreConfig config(Path dir, FileIO io, Durability durability) {
        StoreConfig c = StoreConfig.at(dir).fileIO(io).durability(durability).fsyncIntervalMs(5)
                .clockMs(clock::get).ownerThreads(2).maintenanceIntervalMs(3_600_000)
                .checkpointIntervalMs(3_600_000);
        return tuning.apply(c);
    }

    abstract LogStore open() throws IOException;

    /** Whether the records survive a close (or a crash) and a new open. */
    abstract boolean survivesRestart();

    /** Clean close, then open again; only when {@link #survivesRestart()}. */
    LogStore reopen() throws IOException {
        store.close();
        return open();
    }

    /** Process crash (threads stop, nothing flushed), then open again; only when {@link #survivesRestart()}. */
    LogStore crashAndReopen() throws IOException {
        store.closeAbruptly();
        return open();
    }

    /** How many segment files the log has; empty for a store without files. */
    abstract OptionalLong segmentFiles(String logId) throws IOException;

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
        return name;
    }

    /** The embedded engine on a disk; {@code cyclesBefore}: 1 = opened and closed once before, 2 = crashed once before. */
    static final class Embedded extends StoreUnderTest {
        private final Durability durability;
        private final Path dir;
        private final FileIO io;
        private int cyclesBefore;

        Embedded(String name, Durability durability, Path dir, FileIO io, int cyclesBefore) {
            super(name);
            this.durability = durability;
            this.dir = dir;
            this.io = io;
            this.cyclesBefore = cyclesBefore;
        }

        @Override
        LogStore open() throws IOException {
            if (cyclesBefore > 0) {
                LogStore before = LogStore.open(config(dir, io, durability));
                before.create("before-restart").append(TestRecords.batch("before-restart", 0, 5, 0)).join();
                if (cyclesBefore == 1) {
                    before.close();
                } else {
                    before.closeAbruptly();
                }
                before = LogStore.open(config(dir, io, durability));
                before.delete("before-restart");
                before.close();
                cyclesBefore = 0;
            }
            store = LogStore.open(config(dir, io, durability));
            return store;
        }

        @Override
        boolean survivesRestart() {
            return true;
        }

        @Override
        OptionalLong segmentFiles(String logId) throws IOException {
            return OptionalLong.of(io.list(dir.resolve("logs").resolve(logId)).stream()
                    .filter(n -> n.endsWith(".seg")).count());
        }
    }

    static final class InMemory extends StoreUnderTest {
        InMemory() {
            super("in memory");
        }

        @Override
        LogStore open() {
            store = InMemoryLogStore.open(config(Path.of("unused"), new RealFileIO(), Durability.FSYNC));
            return store;
        }

        @Override
        boolean survivesRestart() {
            return false;
        }

        @Override
        OptionalLong segmentFiles(String logId) {
            return OptionalLong.empty();
        }
    }
}

package io.riffle.iam;

import io.riffle.metadata.EventLog;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.storage.LogStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The {@code _iam} log and the state it rebuilds: reads and decisions run on the log's thread (one
 * at a time, so a decision sees every earlier change), the sealer keeps secrets out of the log.
 */
final class IamEngine implements AutoCloseable {

    static final String LOG_NAME = "_iam";

    private final IamState state;
    private final EventLog<IamState.Snapshot, IamEvent> log;
    private final SecretSealer sealer;
    private final InstantSource clock;

    private IamEngine(IamState state, EventLog<IamState.Snapshot, IamEvent> log, SecretSealer sealer,
                      InstantSource clock) {
        this.state = state;
        this.log = log;
        this.sealer = sealer;
        this.clock = clock;
    }

    static IamEngine open(LogStore store, Path dataDir, SnapshotPolicy snapshots, InstantSource clock)
            throws IOException {
        SecretSealer sealer = SecretSealer.loadOrCreate(dataDir);
        IamState state = new IamState();
        return new IamEngine(state, EventLog.open(store, LOG_NAME, IamEvent.CODEC, state, snapshots, clock), sealer,
                clock);
    }

    IamDirectory directory() {
        return state.directory();
    }

    SecretSealer sealer() {
        return sealer;
    }

    long nowMs() {
        return clock.millis();
    }

    <T> CompletableFuture<T> read(Function<IamState, T> reader) {
        return log.read(machine -> reader.apply(state));
    }

    /** Decides on the current state (throwing IAM's error refuses), appends the events, then answers from the new state. */
    <T> CompletableFuture<T> write(Function<IamState, List<IamEvent>> decide, Function<IamState, T> answer) {
        return log.submit(() -> decide.apply(state), written -> {
            if (!written.isOk()) {
                throw new IllegalStateException("the IAM log refused a write: " + written);
            }
            return answer.apply(state);
        });
    }

    @Override
    public void close() {
        log.close();
    }
}

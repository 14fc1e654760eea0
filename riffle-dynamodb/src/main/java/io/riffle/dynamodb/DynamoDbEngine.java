package io.riffle.dynamodb;

import io.riffle.dynamodb.table.DynamoDbEvent;
import io.riffle.dynamodb.table.DynamoDbState;
import io.riffle.metadata.EventLog;
import io.riffle.metadata.SnapshotPolicy;
import io.riffle.storage.LogStore;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * DynamoDB's durable state and the one place it changes: every table and item in the metadata
 * kit's event log {@value #LOG_NAME} (snapshotted, so restart time and disk use follow the live
 * items). Every operation runs on the log's thread, one at a time, in arrival order: a write decides
 * on the current state (its condition, the new item), appends its events, and is answered once they
 * are durable and applied; a read runs after every earlier write is applied. So each conditional
 * write is atomic per item (indeed per table) and every operation is linearizable.
 */
final class DynamoDbEngine implements AutoCloseable {
    static final String LOG_NAME = "_dynamodb";

    /** What a write decides: the events to append and the answer once they are applied. */
    record Decision<T>(List<DynamoDbEvent> events, T answer) {
    }

    private final DynamoDbState state;
    private final EventLog<DynamoDbState.Snapshot, DynamoDbEvent> log;
    private final InstantSource clock;

    private DynamoDbEngine(DynamoDbState state, EventLog<DynamoDbState.Snapshot, DynamoDbEvent> log,
                           InstantSource clock) {
        this.state = state;
        this.log = log;
        this.clock = clock;
    }

    static DynamoDbEngine open(LogStore store, long activationDelayMs, SnapshotPolicy snapshots, InstantSource clock)
            throws IOException {
        DynamoDbState state = new DynamoDbState(activationDelayMs);
        return new DynamoDbEngine(state, EventLog.open(store, LOG_NAME, DynamoDbEvent.CODEC, state, snapshots, clock),
                clock);
    }

    long nowMs() {
        return clock.millis();
    }

    long activationDelayMs() {
        return state.activationDelayMs();
    }

    <T> CompletableFuture<T> read(Function<DynamoDbState, T> reader) {
        return log.read(machine -> reader.apply(state));
    }

    <T> CompletableFuture<T> write(Function<DynamoDbState, Decision<T>> decide) {
        AtomicReference<T> answer = new AtomicReference<>();
        return log.submit(() -> {
            Decision<T> decision = decide.apply(state);
            answer.set(decision.answer());
            return decision.events();
        }).thenApply(result -> {
            if (!result.isOk()) {
                throw DynamoDbException.internal("Internal server error (the write was not stored: "
                        + result.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
            }
            return answer.get();
        });
    }

    /** What opening the log found (generation, snapshot, events replayed). */
    io.riffle.metadata.OpenReport openReport() {
        return log.openReport();
    }

    /** Takes a snapshot now (tests, benchmarks). */
    CompletableFuture<Void> snapshotNow() {
        return log.snapshotNow();
    }

    @Override
    public void close() {
        log.close();
    }
}

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
 * on the current state (its condition, the new item) and appends its events; a read runs after
 * every earlier write is decided. So each conditional write is atomic per item (indeed per table)
 * and every operation is linearizable. Item writes are pipelined (group commit): the next one is
 * decided without waiting for the fsync of the last, and every answer, a read's or a refused
 * condition's included, waits until everything it saw is durable.
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

    /** A table write: decided once every earlier write is durable (its events may schedule activation timers). */
    <T> CompletableFuture<T> write(Function<DynamoDbState, Decision<T>> decide) {
        AtomicReference<T> answer = new AtomicReference<>();
        return answered(log.submit(() -> decide(decide, answer)), answer);
    }

    /**
     * An item write: decided on the state every earlier write made, without waiting for those to be durable, so
     * that concurrent writers share one fsync (the log's pipelined submit); answered once it and every earlier
     * write are durable. Item events schedule no timers.
     */
    <T> CompletableFuture<T> writeItems(Function<DynamoDbState, Decision<T>> decide) {
        AtomicReference<T> answer = new AtomicReference<>();
        return answered(log.submitPipelined(() -> decide(decide, answer)), answer);
    }

    private <T> List<DynamoDbEvent> decide(Function<DynamoDbState, Decision<T>> decide, AtomicReference<T> answer) {
        Decision<T> decision = decide.apply(state);
        answer.set(decision.answer());
        return decision.events();
    }

    private static <T> CompletableFuture<T> answered(CompletableFuture<io.riffle.storage.AppendResult> written,
                                                     AtomicReference<T> answer) {
        return written.thenApply(result -> {
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

package io.riffle.triggers;

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
 * The triggers' durable state: the metadata kit's event log {@code _triggers} over {@link MappingRegistry}. A change
 * is decided on the log's thread against the current registry and answered once its events are durable and applied.
 */
public final class MappingStore implements AutoCloseable {
    /** The storage log (generation 0) the events live in. */
    public static final String LOG_NAME = "_triggers";

    /** What a change writes and what it answers. */
    public record Decision<T>(List<MappingEvent> events, T answer) {
        public static <T> Decision<T> of(T answer, MappingEvent... events) {
            return new Decision<>(List.of(events), answer);
        }
    }

    private final MappingRegistry registry;
    private final EventLog<MappingRegistry.Snapshot, MappingEvent> log;

    private MappingStore(MappingRegistry registry, EventLog<MappingRegistry.Snapshot, MappingEvent> log) {
        this.registry = registry;
        this.log = log;
    }

    public static MappingStore open(LogStore store, long transitionDelayMs, InstantSource clock) throws IOException {
        MappingRegistry registry = new MappingRegistry(transitionDelayMs);
        return new MappingStore(registry, EventLog.open(store, LOG_NAME, MappingEvent.codec(), registry,
                SnapshotPolicy.DEFAULT, clock));
    }

    public MappingRegistry registry() {
        return registry;
    }

    /**
     * Decides on the registry (on the log's thread) and writes the decision's events; completes with its answer
     * once they are durable and applied, exceptionally with the decision's exception, or with a ServiceException
     * when storage refuses the write.
     */
    public <T> CompletableFuture<T> change(Function<MappingRegistry, Decision<T>> decide) {
        AtomicReference<T> answer = new AtomicReference<>();
        return log.submit(() -> {
            Decision<T> decision = decide.apply(registry);
            answer.set(decision.answer());
            return decision.events();
        }).thenApply(result -> {
            if (!result.isOk()) {
                throw LambdaErrors.serviceException("The change was not stored: " + result.status()
                        + (result.detail() == null ? "" : " (" + result.detail() + ")"));
            }
            return answer.get();
        });
    }

    /** Writes events without an answer (the pollers' checkpoints). */
    public CompletableFuture<Boolean> append(List<MappingEvent> events) {
        return log.append(events).thenApply(r -> r.isOk());
    }

    /** Fires the timed transitions due by the clock now (the log fires them by itself too; tests on a manual clock call this). */
    public CompletableFuture<Integer> fireDueTimers() {
        return log.fireDueTimers();
    }

    @Override
    public void close() {
        log.close();
    }
}

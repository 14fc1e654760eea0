package io.riffle.metadata;

import io.riffle.storage.AppendRecord;
import io.riffle.storage.AppendResult;
import io.riffle.storage.LogStore;
import io.riffle.storage.ReadResult;
import io.riffle.storage.ShardLog;
import io.riffle.storage.StoredRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's durable control state: typed events appended to a storage log and applied to a
 * {@link StateMachine} once durable, replayed at open, compacted by snapshots, with timed
 * transitions.
 *
 * <h2>Storage layout</h2>
 * The events live in logs of the store named {@code <name>} (generation 0, the only one before
 * the first snapshot, and the log main's MetadataLog has always written) and {@code <name>.<g>}
 * for generation {@code g >= 1}. Each record's key says what it holds:
 * <pre>
 *   key "s:<i>/<n>"   chunk i of n of a snapshot; a generation g >= 1 starts with all n of them
 *   key "t:<timer>"   an event appended by the timer of that key firing (removes the timer)
 *   any other key     an event (the kit writes "e"; older logs wrote other keys)
 * </pre>
 * A snapshot is taken by writing a new generation that starts with it, flushing the store, then
 * deleting every older generation. Open picks the newest generation whose snapshot is complete,
 * deletes the rest (a crash can leave an older one, or a half-written newer one), restores the
 * snapshot and replays the events after it.
 *
 * <h2>Threads</h2>
 * One thread per log ({@code riffle-metadata-<name>}) owns the state machine: it decides,
 * applies, snapshots and fires timers, one operation at a time in submission order. The
 * futures returned here complete on that thread, after the state has changed: do not block in
 * their continuations.
 *
 * <h2>Pipelined writes (group commit)</h2>
 * {@link #submit} waits for its events to be durable before the next operation is decided, so
 * writes never share an fsync. {@link #submitPipelined} applies its events as soon as they are
 * decided and lets the next operation go on at once: writers queued together reach the store's
 * journal together and share its group commit. Each operation is still answered only once its
 * events and every earlier operation's are durable (reads and refused decisions too, since they
 * saw the state those writes made), so nothing unstored is ever acknowledged or shown. If a
 * pipelined append fails, the state holds events the store does not: the log refuses every later
 * operation until it is opened again (a restart), which replays only what was stored.
 *
 * @param <S> the state machine's snapshot type
 * @param <E> the service's sealed event interface
 */
public final class EventLog<S, E> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private final LogStore store;
    private final String name;
    private final EventCodec<E> codec;
    private final StateMachine<S, E> machine;
    private final SnapshotPolicy policy;
    private final InstantSource clock;
    private final ScheduledExecutorService thread;

    // Owned by the log's thread (and by open, before the thread sees work).
    private final Map<String, Timer<E>> timers = new TreeMap<>();
    private ShardLog log;
    private long generation;
    private long eventsSinceSnapshot;
    private long bytesSinceSnapshot;
    private long snapshotsTaken;
    private OpenReport openReport;

    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile boolean closed;
    // Pipelined writes, owned by the log's thread: completes once every append issued so far is durable (never
    // exceptionally: a failure is a non-OK result); how many are not yet; why the log refuses work (null: it does not).
    private volatile CompletableFuture<AppendResult> durable = CompletableFuture.completedFuture(null);
    private int pipelinedInFlight;
    private String failure;

    private EventLog(LogStore store, String name, EventCodec<E> codec, StateMachine<S, E> machine,
                     SnapshotPolicy policy, InstantSource clock) {
        this.store = store;
        this.name = name;
        this.codec = codec;
        this.machine = machine;
        this.policy = policy;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-metadata-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens (creating it when absent) the event log {@code name} in {@code store}, restores the
     * latest snapshot and replays the events after it into {@code machine}; timers already due
     * fire right after.
     */
    public static <S, E> EventLog<S, E> open(LogStore store, String name, EventCodec<E> codec,
                                             StateMachine<S, E> machine, SnapshotPolicy policy,
                                             InstantSource clock) throws IOException {
        EventLog<S, E> eventLog = new EventLog<>(store, name, codec, machine, policy, clock);
        try {
            eventLog.load();
        } catch (IOException | RuntimeException e) {
            eventLog.thread.shutdownNow();
            throw e;
        }
        eventLog.armAll();
        return eventLog;
    }

    public OpenReport openReport() {
        return openReport;
    }

    /** The log id of a generation. */
    public static String logId(String name, long generation) {
        return LogGenerations.logId(name, generation);
    }

    /** Appends events as one batch; the future completes once they are durable and applied, or not at all. */
    public CompletableFuture<AppendResult> append(List<E> events) {
        List<E> copy = List.copyOf(events);
        return submit(() -> copy);
    }

    /**
     * Runs {@code decide} on the log's thread after every earlier operation is applied, and
     * appends the events it returns (none: nothing is written, the result is OK with count 0).
     * Deciding on the current state here is free of races with other writers. An exception from
     * {@code decide} completes the future with it, and nothing is written.
     */
    public CompletableFuture<AppendResult> submit(Supplier<List<E>> decide) {
        return enqueue(() -> {
            List<E> events = decideAfterFailureCheck(decide);
            if (events == null) {
                return refusedAfterDurable();
            }
            return write(events, null).thenCompose(this::thenFireDue);
        });
    }

    /**
     * {@link #submit(Supplier)} without waiting for durability before the next operation is decided (see the class
     * comment): the events are applied at once, with {@link EventContext#position()} -1 (their positions are not
     * known yet), so only for state machines that neither read positions nor schedule timers from these events. The
     * future completes once the events, and every earlier operation's, are durable; an exception from
     * {@code decide} completes it then too.
     */
    public CompletableFuture<AppendResult> submitPipelined(Supplier<List<E>> decide) {
        // when a snapshot is due, this write waits for those in flight (the last one's completion takes it), so that a
        // steady stream of writes cannot keep the log from ever being snapshotted
        return enqueueUngated(() -> pipelinedInFlight > 0 && policy.isDue(eventsSinceSnapshot, bytesSinceSnapshot),
                () -> pipeline(decide));
    }

    /**
     * Runs {@code step} on the log's thread in its turn, but lets the next operation start as soon as it returns
     * (after every pipelined write in flight is durable, when {@code waitFirst} says so): the answer is the future
     * {@code step} returned, completed whenever that completes.
     */
    private <T> CompletableFuture<T> enqueueUngated(BooleanSupplier waitFirst, Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        enqueue(() -> {
            if (waitFirst.getAsBoolean()) {
                return durable.thenApply(previous -> {
                    relay(step.get(), answer);
                    return null;
                });
            }
            relay(step.get(), answer);
            return CompletableFuture.completedFuture(null);
        }).whenComplete((v, e) -> {
            if (e != null) {
                answer.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e); // closed, or the step itself threw
            }
        });
        return answer;
    }

    private static <T> void relay(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((v, e) -> {
            if (e != null) {
                to.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                to.complete(v);
            }
        });
    }

    /** On the log's thread: decides, applies and appends without waiting; the result once durable in order. */
    private CompletableFuture<AppendResult> pipeline(Supplier<List<E>> decide) {
        List<E> events;
        try {
            events = decideAfterFailureCheck(decide);
        } catch (RuntimeException | Error e) {
            return afterDurable(() -> {
                throw e;
            });
        }
        if (events == null) {
            return refusedAfterDurable();
        }
        if (events.isEmpty()) {
            return afterDurable(() -> AppendResult.ok(log.endPosition(), 0, store.writerEpoch(), -1));
        }
        long nowMs = clock.millis();
        List<AppendRecord> records = encode(events, null, nowMs);
        for (E event : events) {
            applyOne(event, -1, nowMs, false);
        }
        eventsSinceSnapshot += events.size();
        records.forEach(r -> bytesSinceSnapshot += r.data().sizeBytes());
        pipelinedInFlight++;
        CompletableFuture<AppendResult> appended = log.append(records);
        CompletableFuture<AppendResult> mine = durable.thenCompose(previous -> previous == null || previous.isOk()
                        ? appended : CompletableFuture.completedFuture(previous))
                .handle((r, e) -> e == null ? r : AppendResult.failed(AppendResult.Status.IO_ERROR, e.toString()))
                .thenApplyAsync(this::pipelinedDone, thread);
        durable = mine;
        return mine;
    }

    /** On the log's thread, in append order: counts the write done; a failure stops the log; a due snapshot now. */
    private AppendResult pipelinedDone(AppendResult r) {
        pipelinedInFlight--;
        if (!r.isOk()) {
            if (failure == null) {
                failure = "metadata log " + name + " refuses work until it is opened again: a write was not stored ("
                        + r.status() + " " + r.detail() + ") after its events were applied";
                LOG.error(failure);
            }
        } else if (pipelinedInFlight == 0) {
            snapshotIfDue();
        }
        return r;
    }

    /** {@code decide}'s events, or null when the log refuses work after a failed pipelined write. */
    private List<E> decideAfterFailureCheck(Supplier<List<E>> decide) {
        return failure != null ? null : decide.get();
    }

    private CompletableFuture<AppendResult> refusedAfterDurable() {
        return CompletableFuture.failedFuture(new IllegalStateException(failure));
    }

    /**
     * {@code outcome} (a value, or what it throws) once every pipelined append so far is durable; an internal
     * failure instead if one of them was not stored, since {@code outcome} saw the state that append made.
     */
    private <T> CompletableFuture<T> afterDurable(Supplier<T> outcome) {
        return durable.thenApply(previous -> {
            if (previous != null && !previous.isOk()) {
                throw new IllegalStateException("an earlier write to metadata log " + name + " was not stored: "
                        + previous.status() + " " + previous.detail());
            }
            return outcome.get();
        });
    }

    /**
     * {@link #submit(Supplier)}, and {@code then} with the outcome of the write (OK, or the storage
     * status when the events were not stored), run on the log's thread before the next operation
     * starts: what must follow a change in order with the other changes (undoing preparations the
     * store refused, work in storage once the events are durable) belongs here, not in a
     * continuation of the returned future, which may run on another thread. An exception from
     * {@code then} completes the future with it.
     */
    public <T> CompletableFuture<T> submit(Supplier<List<E>> decide, Function<AppendResult, T> then) {
        return enqueue(() -> {
            List<E> events = decideAfterFailureCheck(decide);
            if (events == null) {
                return refusedAfterDurable().thenApply(then);
            }
            return write(events, null).thenCompose(this::thenFireDue).thenApply(then);
        });
    }

    /** Fires every timer due by the clock now (the log's own wake-ups call this too); completes with how many fired. */
    public CompletableFuture<Integer> fireDueTimers() {
        return enqueue(this::fireDue);
    }

    /** On the log's thread: appends the events of every timer due now, oldest first. */
    private CompletableFuture<Integer> fireDue() {
        long nowMs = clock.millis();
        List<String> due = new ArrayList<>();
        timers.entrySet().stream()
                .filter(e -> e.getValue().atMs() <= nowMs)
                .sorted(Comparator.comparingLong((Map.Entry<String, Timer<E>> e) -> e.getValue().atMs())
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> due.add(e.getKey()));
        if (due.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return write(due.stream().map(k -> timers.get(k).event()).toList(), due).thenApply(r -> {
            if (!r.isOk()) {
                LOG.warn("metadata log {}: {} timed transitions not written ({} {}); retrying in 1 s", name,
                        due.size(), r.status(), r.detail());
                schedule(1000);
                return 0;
            }
            return due.size();
        });
    }

    /**
     * After a submitted write: timers its events made due already (a delay of 0) fire before the
     * operation completes, so its caller sees the transition done (a stream created with no
     * CREATING delay is ACTIVE when CreateStream answers).
     */
    private CompletableFuture<AppendResult> thenFireDue(AppendResult written) {
        if (!written.isOk() || timers.values().stream().noneMatch(t -> t.atMs() <= clock.millis())) {
            return CompletableFuture.completedFuture(written);
        }
        return fireDue().thenApply(fired -> written);
    }

    /**
     * Reads the state on the log's thread, after every earlier operation; answered once every write it saw is durable
     * (the next operation does not wait for that).
     */
    public <T> CompletableFuture<T> read(Function<StateMachine<S, E>, T> reader) {
        return enqueueUngated(() -> false, () -> {
            if (failure != null) {
                return CompletableFuture.failedFuture(new IllegalStateException(failure));
            }
            try {
                T value = reader.apply(machine);
                return afterDurable(() -> value);
            } catch (RuntimeException | Error e) {
                return afterDurable(() -> {
                    throw e;
                });
            }
        });
    }

    /** Takes a snapshot now (after every earlier operation), whatever the policy says. */
    public CompletableFuture<Void> snapshotNow() {
        return enqueue(() -> {
            takeSnapshot();
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Pending timers' keys and due times (for tests and diagnostics), read on the log's thread. */
    public CompletableFuture<Map<String, Long>> pendingTimers() {
        return enqueue(() -> {
            Map<String, Long> copy = new TreeMap<>();
            timers.forEach((k, t) -> copy.put(k, t.atMs()));
            return CompletableFuture.completedFuture(copy);
        });
    }

    public CompletableFuture<Long> generation() {
        return enqueue(() -> CompletableFuture.completedFuture(generation));
    }

    public CompletableFuture<Long> snapshotsTaken() {
        return enqueue(() -> CompletableFuture.completedFuture(snapshotsTaken));
    }

    /** Finishes the operations submitted so far and stops the log's thread (the store stays open). */
    @Override
    public void close() {
        CompletableFuture<?> last;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = tail;
        }
        try {
            last.handle((v, e) -> null).get(30, TimeUnit.SECONDS);
            durable.handle((v, e) -> null).get(30, TimeUnit.SECONDS); // the pipelined writes' answers too
        } catch (Exception e) {
            LOG.warn("metadata log {}: operations still running at close: {}", name, e.toString());
        }
        thread.shutdownNow();
    }

    // ---- the log's thread ----------------------------------------------------------------

    private interface Step<T> {
        CompletableFuture<T> run() throws Exception;
    }

    private <T> CompletableFuture<T> enqueue(Step<T> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("metadata log " + name + " is closed"));
                return result;
            }
            tail = tail.handle((v, e) -> null).thenComposeAsync(ignored -> {
                CompletableFuture<T> done;
                try {
                    done = step.run();
                } catch (Exception | Error e) {
                    done = CompletableFuture.failedFuture(e);
                }
                return done.whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                                ? e.getCause() : e);
                    } else {
                        result.complete(v);
                    }
                });
            }, thread);
        }
        return result;
    }

    /** Appends events (timerKeys non-null: fired by those timers) and applies them once durable. */
    private CompletableFuture<AppendResult> write(List<E> events, List<String> timerKeys) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(AppendResult.ok(log.endPosition(), 0, store.writerEpoch(), -1));
        }
        long nowMs = clock.millis();
        List<AppendRecord> records = encode(events, timerKeys, nowMs);
        long batchBytes = records.stream().mapToLong(r -> r.data().sizeBytes()).sum();
        return log.append(records).thenApplyAsync(r -> {
            if (!r.isOk()) {
                return r; // nothing written, nothing applied: the caller undoes whatever it prepared
            }
            for (int i = 0; i < events.size(); i++) {
                if (timerKeys != null) {
                    timers.remove(timerKeys.get(i));
                }
                applyOne(events.get(i), r.firstPosition() + i, nowMs, false);
            }
            eventsSinceSnapshot += events.size();
            bytesSinceSnapshot += batchBytes;
            snapshotIfDue();
            return r;
        }, thread);
    }

    private List<AppendRecord> encode(List<E> events, List<String> timerKeys, long nowMs) {
        List<AppendRecord> records = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            byte[] key = timerKeys == null ? LogGenerations.EVENT_KEY
                    : (LogGenerations.TIMER_PREFIX + timerKeys.get(i)).getBytes(StandardCharsets.UTF_8);
            records.add(AppendRecord.of(key, codec.encode(events.get(i)), nowMs));
        }
        return records;
    }

    /** On the log's thread, with no pipelined write in flight: a snapshot when the policy says one is due. */
    private void snapshotIfDue() {
        if (pipelinedInFlight > 0 || !policy.isDue(eventsSinceSnapshot, bytesSinceSnapshot)) {
            return;
        }
        try {
            takeSnapshot();
        } catch (IOException | RuntimeException e) {
            // The events stay durable in the current generation; try again after as many more.
            eventsSinceSnapshot = 0;
            bytesSinceSnapshot = 0;
            LOG.warn("metadata log {}: snapshot failed, keeping generation {}: {}", name, generation, e.toString());
        }
    }

    private void applyOne(E event, long position, long timestampMs, boolean replay) {
        List<Long> wakeAtMs = new ArrayList<>();
        machine.apply(event, new EventContext<>() {
            @Override
            public long position() {
                return position;
            }

            @Override
            public long timestampMs() {
                return timestampMs;
            }

            @Override
            public boolean isReplay() {
                return replay;
            }

            @Override
            public void schedule(String key, long atMs, E timed) {
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("timer key must not be empty");
                }
                timers.put(key, new Timer<>(atMs, timed));
                wakeAtMs.add(atMs);
            }

            @Override
            public void cancel(String key) {
                timers.remove(key);
            }
        });
        if (!replay) {
            for (long atMs : wakeAtMs) {
                schedule(atMs - clock.millis());
            }
        }
    }

    private void schedule(long delayMs) {
        if (closed) {
            return;
        }
        thread.schedule(() -> {
            fireDueTimers();
        }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    private void armAll() {
        long nowMs = clock.millis();
        timers.values().stream().mapToLong(Timer::atMs).distinct().forEach(atMs -> schedule(atMs - nowMs));
    }

    // ---- snapshots -----------------------------------------------------------------------

    private void takeSnapshot() throws IOException {
        long next = generation + 1;
        byte[] bytes = SnapshotFormat.encode(machine, codec, timers);
        ShardLog nextLog = LogGenerations.writeSnapshot(store, name, next, bytes, clock.millis());
        long previous = generation;
        log = nextLog;
        generation = next;
        eventsSinceSnapshot = 0;
        bytesSinceSnapshot = 0;
        snapshotsTaken++;
        LogGenerations.deleteUpTo(store, name, previous);
        LOG.debug("metadata log {}: snapshot of {} bytes started generation {}", name, bytes.length, next);
    }

    // ---- open ----------------------------------------------------------------------------

    private void load() throws IOException {
        TreeMap<Long, String> generations = LogGenerations.find(store, name);
        List<String> deleted = new ArrayList<>();
        ShardLog chosen = null;
        long chosenGeneration = 0;
        long firstEvent = 0;
        boolean fromSnapshot = false;
        for (Map.Entry<Long, String> entry : generations.entrySet()) {
            ShardLog candidate = store.get(entry.getValue()).orElseThrow();
            if (chosen != null) {
                store.delete(entry.getValue()); // older than the snapshot chosen: a crash came before its deletion
                deleted.add(entry.getValue());
                continue;
            }
            if (entry.getKey() == 0) {
                chosen = candidate;
                firstEvent = candidate.startPosition();
                continue;
            }
            LogGenerations.SnapshotRead snapshot = LogGenerations.readSnapshot(candidate);
            if (snapshot == null) {
                LOG.warn("metadata log {}: {} holds an incomplete snapshot (a crash while taking it); deleting it",
                        name, entry.getValue());
                store.delete(entry.getValue());
                deleted.add(entry.getValue());
                continue;
            }
            SnapshotFormat.restore(snapshot.bytes(), entry.getValue(), machine, codec, timers);
            chosen = candidate;
            chosenGeneration = entry.getKey();
            firstEvent = snapshot.nextPosition();
            fromSnapshot = true;
        }
        if (chosen == null) {
            chosen = store.create(logId(name, 0));
            chosen.setRetentionMs(LogGenerations.KEEP_FOREVER_MS);
        }
        chosen.setRetentionMs(LogGenerations.KEEP_FOREVER_MS); // events are removed by snapshots, never by age
        log = chosen;
        generation = chosenGeneration;
        long replayed = replay(firstEvent);
        openReport = new OpenReport(generation, fromSnapshot, replayed, timers.size(), List.copyOf(deleted));
        if (!deleted.isEmpty() || fromSnapshot) {
            LOG.info("metadata log {}: generation {}{}, {} events replayed{}", name, generation,
                    fromSnapshot ? " from its snapshot" : "", replayed,
                    deleted.isEmpty() ? "" : ", deleted " + deleted);
        }
    }

    private long replay(long from) throws IOException {
        long replayed = 0;
        long position = from;
        while (position < log.endPosition()) {
            ReadResult r = LogGenerations.readAt(log, position);
            for (StoredRecord record : r.records()) {
                String key = record.keyAsString();
                if (key.startsWith(LogGenerations.SNAPSHOT_PREFIX)) {
                    throw new IOException("metadata log " + log.id() + ": snapshot record at position "
                            + record.position() + " after its events");
                }
                E event = codec.decode(record.dataBytes());
                if (key.startsWith(LogGenerations.TIMER_PREFIX)) {
                    timers.remove(key.substring(LogGenerations.TIMER_PREFIX.length()));
                }
                applyOne(event, record.position(), record.arrivalTimestampMs(), true);
                bytesSinceSnapshot += record.data().remaining();
                replayed++;
            }
            if (r.records().isEmpty()) {
                break;
            }
            position = r.nextPosition();
        }
        eventsSinceSnapshot = replayed;
        return replayed;
    }
}

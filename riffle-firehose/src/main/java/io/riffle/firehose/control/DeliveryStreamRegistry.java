package io.riffle.firehose.control;

import io.riffle.firehose.control.DeliveryStream.Status;
import io.riffle.firehose.control.DeliveryStreamEvent.Activated;
import io.riffle.firehose.control.DeliveryStreamEvent.Created;
import io.riffle.firehose.control.DeliveryStreamEvent.Deleted;
import io.riffle.firehose.control.DeliveryStreamEvent.Deleting;
import io.riffle.firehose.control.DeliveryStreamEvent.DestinationUpdated;
import io.riffle.firehose.control.DeliveryStreamEvent.EncryptionSet;
import io.riffle.firehose.control.DeliveryStreamEvent.ObjectDelivered;
import io.riffle.firehose.control.DeliveryStreamEvent.ObjectPlanned;
import io.riffle.firehose.control.DeliveryStreamEvent.RecordsExpired;
import io.riffle.firehose.control.DeliveryStreamEvent.SourceCheckpointed;
import io.riffle.firehose.control.DeliveryStreamEvent.TagsSet;
import io.riffle.metadata.EventContext;
import io.riffle.metadata.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The delivery streams: a pure state machine over {@link DeliveryStreamEvent}s, applied by the
 * metadata kit's thread only once durable. Timed transitions (CREATING -> ACTIVE, DELETING -> gone,
 * ENABLING -> ENABLED) are scheduled here, so replay re-arms them. Reads ({@link #get}, {@link #all})
 * come from any thread and see immutable values.
 */
public final class DeliveryStreamRegistry implements StateMachine<DeliveryStreamRegistry.Snapshot, DeliveryStreamEvent> {

    /** The whole state, as stored in the kit's snapshots. */
    public record Snapshot(List<DeliveryStream> streams, long nextIncarnation, List<SourceCheckpointed> sources) {
        public Snapshot {
            sources = sources == null ? List.of() : List.copyOf(sources); // snapshots written before sources existed
        }
    }

    private final ConcurrentSkipListMap<String, DeliveryStream> streams = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, SourceCheckpointed> sources = new ConcurrentSkipListMap<>();
    private final long createDelayMs;
    private final long deleteDelayMs;
    private final Consumer<DeliveryStream> onGone;
    private volatile long nextIncarnation = 1;

    /** @param onGone called (on the kit's thread, not during replay) with a stream once it is deleted for good */
    public DeliveryStreamRegistry(long createDelayMs, long deleteDelayMs, Consumer<DeliveryStream> onGone) {
        this.createDelayMs = createDelayMs;
        this.deleteDelayMs = deleteDelayMs;
        this.onGone = onGone;
    }

    public Optional<DeliveryStream> get(String name) {
        return Optional.ofNullable(streams.get(name));
    }

    /** Every stream, by name. */
    public List<DeliveryStream> all() {
        return new ArrayList<>(streams.values());
    }

    /** The last source checkpoint of a Kinesis-sourced stream's incarnation, if it has one. */
    public Optional<SourceCheckpointed> sourceCheckpoint(String name, long incarnation) {
        return Optional.ofNullable(sources.get(name)).filter(c -> c.incarnation() == incarnation);
    }

    /** The incarnation the next created stream gets (read on the kit's thread, when deciding). */
    public long nextIncarnation() {
        return nextIncarnation;
    }

    @Override
    public void apply(DeliveryStreamEvent event, EventContext<DeliveryStreamEvent> context) {
        if (!context.isReplay()) {
            DeliveryStreamChangeLog.applied(event);
        }
        switch (event) {
            case Created c -> {
                DeliveryStream s = c.stream();
                streams.put(s.name(), s);
                nextIncarnation = Math.max(nextIncarnation, s.incarnation() + 1);
                if (s.status() == Status.CREATING) {
                    context.schedule(timerKey("active", s), s.createdMs() + createDelayMs,
                            new Activated(s.name(), s.incarnation()));
                }
            }
            case Activated a -> update(a.name(), a.incarnation(), s -> s.status() == Status.CREATING
                    ? s.withStatus(Status.ACTIVE, s.lastUpdateMs()) : s);
            case Deleting d -> {
                DeliveryStream s = update(d.name(), d.incarnation(), x -> x.withStatus(Status.DELETING, d.atMs()));
                if (s != null) {
                    context.cancel(timerKey("active", s));
                    context.cancel(timerKey("encryption", s));
                    context.schedule(timerKey("deleted", s), d.atMs() + deleteDelayMs,
                            new Deleted(s.name(), s.incarnation()));
                }
            }
            case Deleted d -> {
                DeliveryStream s = streams.get(d.name());
                if (s != null && s.incarnation() == d.incarnation()) {
                    streams.remove(d.name());
                    sources.remove(d.name());
                    if (!context.isReplay()) {
                        onGone.accept(s);
                    }
                }
            }
            case DestinationUpdated u -> update(u.name(), u.incarnation(),
                    s -> s.withDestination(u.versionId(), u.destination(), u.atMs()));
            case TagsSet t -> update(t.name(), t.incarnation(), s -> s.withTags(t.tags()));
            case EncryptionSet e -> {
                DeliveryStream s = update(e.name(), e.incarnation(), x -> x.withEncryption(e.encryption(), e.atMs()));
                String status = e.encryption().status();
                if (s != null && (status.equals("ENABLING") || status.equals("DISABLING"))) {
                    // No key service yet: the transition completes at once (the data is not encrypted).
                    DeliveryStream.Encryption done = status.equals("ENABLING")
                            ? new DeliveryStream.Encryption("ENABLED", e.encryption().keyType(), e.encryption().keyArn())
                            : DeliveryStream.Encryption.DISABLED;
                    context.schedule(timerKey("encryption", s), e.atMs(),
                            new EncryptionSet(s.name(), s.incarnation(), done, e.atMs()));
                }
            }
            case ObjectPlanned p -> update(p.name(), p.incarnation(), s -> s.withPlanned(p.object()));
            case ObjectDelivered d -> update(d.name(), d.incarnation(), s -> s.withDelivered(d.toPosition(),
                    d.partition(), d.partitionTo()));
            case RecordsExpired e -> update(e.name(), e.incarnation(), s -> s.withExpired(e.toPosition()));
            case SourceCheckpointed c -> {
                DeliveryStream s = streams.get(c.name());
                if (s != null && s.incarnation() == c.incarnation()) {
                    sources.put(c.name(), c);
                }
            }
        }
    }

    private DeliveryStream update(String name, long incarnation, java.util.function.UnaryOperator<DeliveryStream> change) {
        DeliveryStream s = streams.get(name);
        if (s == null || s.incarnation() != incarnation) {
            return null;
        }
        DeliveryStream changed = change.apply(s);
        streams.put(name, changed);
        return changed;
    }

    private static String timerKey(String what, DeliveryStream s) {
        return what + ":" + s.name() + ":" + s.incarnation();
    }

    @Override
    public Snapshot snapshot() {
        return new Snapshot(all(), nextIncarnation, new ArrayList<>(sources.values()));
    }

    @Override
    public void restore(Snapshot snapshot) {
        streams.clear();
        snapshot.streams().forEach(s -> streams.put(s.name(), s));
        sources.clear();
        snapshot.sources().forEach(c -> sources.put(c.name(), c));
        nextIncarnation = snapshot.nextIncarnation();
    }

    @Override
    public Class<Snapshot> snapshotType() {
        return Snapshot.class;
    }
}

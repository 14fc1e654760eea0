package io.riffle.metadata;

/**
 * A service's control state, rebuilt by applying its events in log order. Called only on the
 * owning {@link EventLog}'s thread, and only with events that are already durable.
 *
 * @param <S> the snapshot form of the state (a Jackson-serializable value, usually a record)
 * @param <E> the service's sealed event interface
 */
public interface StateMachine<S, E> {

    /** Applies one durable event. May schedule or cancel timed transitions through the context. */
    void apply(E event, EventContext<E> context);

    /** The whole state as a value to store in a snapshot (taken on the log's thread). */
    S snapshot();

    /** Replaces the state with a snapshot's (at open, before any event is applied). */
    void restore(S snapshot);

    Class<S> snapshotType();

    /** Raised when the snapshot's shape changes; a newer stored version is refused at open. */
    default int snapshotVersion() {
        return 1;
    }
}

package io.riffle.metadata;

/**
 * What {@link StateMachine#apply} knows about the event being applied, and its handle on timed
 * transitions. Valid only during that call.
 */
public interface EventContext<E> {

    /** The event's position in the current log generation. */
    long position();

    /** When the event was appended (the log's clock), in epoch milliseconds. */
    long timestampMs();

    /** True while the log is being replayed at open. */
    boolean isReplay();

    /**
     * At {@code atMs}, append {@code event} unless superseded first: a later {@link #schedule} with
     * the same key replaces it, {@link #cancel} removes it. Pending timers survive restarts (they
     * are re-armed by replay and kept in snapshots); one due while the node was down fires at open.
     */
    void schedule(String key, long atMs, E event);

    void cancel(String key);
}

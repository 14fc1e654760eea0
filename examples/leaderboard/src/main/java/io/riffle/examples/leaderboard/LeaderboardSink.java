package io.riffle.examples.leaderboard;

import java.util.List;

/**
 * Where standings are kept. {@link #apply} adds an event to its player's line only if it is newer than the last
 * one applied (its {@code seq} is higher), atomically: a record the KCL delivers again after a failover (at least
 * once) or an event older than one already applied changes nothing.
 */
public interface LeaderboardSink extends AutoCloseable {
    /** Answers whether the event was applied (false: it was not newer than the player's last). */
    boolean apply(ScoreEvent event);

    /** Every player's standing, best first. */
    List<Standing> standings();

    @Override
    void close();
}

package io.riffle.examples.leaderboard;

import java.util.Comparator;

/** A player's line of the leaderboard: total score, events applied and the last event's number. */
public record Standing(String player, long score, long events, long lastSeq) {
    /** Highest score first, then by player id. */
    public static final Comparator<Standing> RANKING = Comparator.comparingLong(Standing::score).reversed()
            .thenComparing(Standing::player);
}

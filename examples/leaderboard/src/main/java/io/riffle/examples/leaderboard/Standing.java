package io.riffle.examples.leaderboard;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A player's line of the leaderboard: total score, events applied and the last event's number. */
public record Standing(String player, long score, long events, long lastSeq) {
    /** Highest score first, then by player id. */
    public static final Comparator<Standing> RANKING = Comparator.comparingLong(Standing::score).reversed()
            .thenComparing(Standing::player);

    /** The leaderboard rounds of events make, each applied once in order: what a sink must end up holding. */
    public static List<Standing> of(List<List<ScoreEvent>> rounds) {
        Map<String, Standing> byPlayer = new HashMap<>();
        for (List<ScoreEvent> round : rounds) {
            for (ScoreEvent e : round) {
                Standing s = byPlayer.getOrDefault(e.player(), new Standing(e.player(), 0, 0, 0));
                byPlayer.put(e.player(), new Standing(e.player(), s.score() + e.points(), s.events() + 1, e.seq()));
            }
        }
        return byPlayer.values().stream().sorted(RANKING).toList();
    }
}

package io.riffle.examples.leaderboard;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The leaderboard in PostgreSQL, through JDBC: each event is one upsert whose update happens only when the event
 * is newer than the stored one ({@code ON CONFLICT ... DO UPDATE ... WHERE}), the same rule as
 * {@link DynamoDbLeaderboard}'s condition. One connection, used by one record processor at a time.
 */
public final class PostgresLeaderboard implements LeaderboardSink {
    private static final String APPLY = """
            INSERT INTO leaderboard (player, score, events, last_seq) VALUES (?, ?, 1, ?)
            ON CONFLICT (player) DO UPDATE
              SET score = leaderboard.score + EXCLUDED.score, events = leaderboard.events + 1, last_seq = EXCLUDED.last_seq
              WHERE leaderboard.last_seq < EXCLUDED.last_seq""";

    private final Connection connection;

    /** Connects to {@code jdbcUrl} and creates the table unless it exists. */
    public PostgresLeaderboard(String jdbcUrl) {
        try {
            connection = DriverManager.getConnection(jdbcUrl);
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE TABLE IF NOT EXISTS leaderboard (player text PRIMARY KEY, score bigint NOT NULL,"
                        + " events bigint NOT NULL, last_seq bigint NOT NULL)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean apply(ScoreEvent event) {
        try (PreparedStatement upsert = connection.prepareStatement(APPLY)) {
            upsert.setString(1, event.player());
            upsert.setLong(2, event.points());
            upsert.setLong(3, event.seq());
            return upsert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("applying " + event + " to PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Standing> standings() {
        List<Standing> standings = new ArrayList<>();
        try (Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery("SELECT player, score, events, last_seq FROM leaderboard")) {
            while (rows.next()) {
                standings.add(new Standing(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading PostgreSQL: " + e.getMessage(), e);
        }
        standings.sort(Standing.RANKING);
        return standings;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}

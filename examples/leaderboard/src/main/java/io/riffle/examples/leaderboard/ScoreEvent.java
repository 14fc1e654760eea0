package io.riffle.examples.leaderboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * One score update of a game: {@code player} scored {@code points}; {@code seq} numbers the player's events from 1
 * in the order the game produced them, so that a sink can refuse an update older than the last one it applied.
 * On the stream: JSON, partition key = the player id (so a player's events stay in one shard, in order).
 */
public record ScoreEvent(String player, long seq, int points) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ScoreEvent fromJson(byte[] json) {
        try {
            return JSON.readValue(json, ScoreEvent.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a score event: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }
}

package io.riffle.triggers.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.kinesis.source.StreamSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Lambda's tumbling windows over a shard (TumblingWindowInSeconds): which window a record is in, and the state a
 * function returns for it. Pure.
 *
 * <p>Windows are aligned on the epoch: a record whose approximate arrival time is {@code t} belongs to the window
 * starting at {@code t - t mod W} and ending W seconds later, as Lambda draws window boundaries from the records'
 * arrival times. A batch never spans two windows. The function answers {@code {"state": {...}}} (with
 * ReportBatchItemFailures, also {@code batchItemFailures}); an answer without a state object is a failed invocation.
 * A state over {@link #MAX_STATE_BYTES} ends the window early.
 */
final class TumblingWindows {
    /** Lambda's limit on a window's state per shard. */
    static final int MAX_STATE_BYTES = 1 << 20;
    static final String EMPTY_STATE = "{}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TumblingWindows() {
    }

    /** The start of the window holding {@code arrivalMs}. */
    static long startOf(long arrivalMs, int windowSeconds) {
        long w = windowSeconds * 1000L;
        return Math.floorDiv(arrivalMs, w) * w;
    }

    /** How many of {@code records}, from the first, are in the first one's window. */
    static int leadingInOneWindow(List<StreamSource.Record> records, int windowSeconds) {
        if (records.isEmpty()) {
            return 0;
        }
        long window = startOf(records.get(0).arrivalTimestampMs(), windowSeconds);
        int n = 1;
        while (n < records.size() && startOf(records.get(n).arrivalTimestampMs(), windowSeconds) == window) {
            n++;
        }
        return n;
    }

    /** The {@code state} object of a function's answer as JSON text, or empty when the answer has none. */
    static Optional<String> stateOf(byte[] response) {
        try {
            JsonNode root = response.length == 0 ? null : JSON.readTree(response);
            JsonNode state = root == null ? null : root.get("state");
            return state != null && state.isObject() ? Optional.of(JSON.writeValueAsString(state)) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    static boolean isTooLarge(String state) {
        return state.getBytes(StandardCharsets.UTF_8).length > MAX_STATE_BYTES;
    }

    /** The window fields of one invocation's event. */
    record Invocation(long startMs, long endMs, String state, boolean isFinal, boolean isTerminatedEarly) {
    }
}

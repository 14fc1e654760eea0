package io.riffle.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * A snapshot's document: {@code {"format":1,"stateVersion":N,"state":...,"timers":[{"key","atMs","event"}]}},
 * the state machine's snapshot and its pending timers.
 */
final class SnapshotFormat {
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = EventCodec.json();

    private SnapshotFormat() {
    }

    static <S, E> byte[] encode(StateMachine<S, E> machine, EventCodec<E> codec, Map<String, Timer<E>> timers)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("stateVersion", machine.snapshotVersion());
        root.set("state", JSON.valueToTree(machine.snapshot()));
        ArrayNode timerNodes = root.putArray("timers");
        timers.forEach((key, timer) -> {
            ObjectNode t = timerNodes.addObject();
            t.put("key", key);
            t.put("atMs", timer.atMs());
            t.set("event", codec.toTree(timer.event()));
        });
        return JSON.writeValueAsBytes(root);
    }

    /** Restores {@code machine} and fills {@code timers} from the snapshot of log {@code logId}. */
    static <S, E> void restore(byte[] bytes, String logId, StateMachine<S, E> machine, EventCodec<E> codec,
                               Map<String, Timer<E>> timers) throws IOException {
        JsonNode root = JSON.readTree(bytes);
        int format = root.path("format").asInt(-1);
        if (format != FORMAT) {
            throw new UnsupportedEventException("snapshot in " + logId + " has format " + format
                    + "; this build reads format " + FORMAT);
        }
        int stateVersion = root.path("stateVersion").asInt(-1);
        if (stateVersion > machine.snapshotVersion() || stateVersion < 1) {
            throw new UnsupportedEventException("snapshot in " + logId + " has state version " + stateVersion
                    + "; this build reads up to version " + machine.snapshotVersion() + ": written by a newer Riffle?");
        }
        machine.restore(JSON.treeToValue(root.path("state"), machine.snapshotType()));
        for (JsonNode t : root.path("timers")) {
            timers.put(t.path("key").asText(), new Timer<>(t.path("atMs").asLong(), codec.fromTree(t.path("event"))));
        }
    }
}

package io.riffle.metadata;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Encodes a service's events (the records permitted by one sealed interface) as JSON and back.
 * Every stored event carries its type name and the version it was written in:
 *
 * <pre>
 *   {"type": "StreamCreated", "v": 2, "data": { ...the record's components... }}
 * </pre>
 *
 * An event type's version is raised when its fields change meaning; an upgrade registered for
 * version {@code n} turns a version-{@code n} body into a version-{@code n+1} one, so old logs
 * keep loading. A type this build does not know, or a version newer than the one it writes, is
 * refused with {@link UnsupportedEventException} naming both. The builder checks that every
 * permitted record of the sealed interface is registered, so a new event cannot be forgotten.
 *
 * <p>Immutable once built; any thread.
 *
 * @param <E> the service's sealed event interface
 */
public final class EventCodec<E> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Type(String name, Class<?> recordClass, int version, Map<Integer, UnaryOperator<JsonNode>> upgrades) {
    }

    /** Reads an event stored before the kit (no envelope), e.g. main's MetadataLog JSON. */
    @FunctionalInterface
    public interface LegacyDecoder<E> {
        E decode(JsonNode stored) throws IOException;
    }

    private final Class<E> eventInterface;
    private final Map<String, Type> byName;
    private final Map<Class<?>, Type> byClass;
    private final LegacyDecoder<E> legacy;

    private EventCodec(Class<E> eventInterface, Map<String, Type> byName, LegacyDecoder<E> legacy) {
        this.eventInterface = eventInterface;
        this.legacy = legacy;
        this.byName = Map.copyOf(byName);
        Map<Class<?>, Type> classes = new HashMap<>();
        for (Type t : byName.values()) {
            classes.put(t.recordClass(), t);
        }
        this.byClass = Map.copyOf(classes);
    }

    public static <E> Builder<E> builder(Class<E> sealedInterface) {
        return new Builder<>(sealedInterface);
    }

    /** The mapper events and snapshots are written with (records, no failure on unknown fields). */
    public static ObjectMapper json() {
        return JSON;
    }

    public Class<E> eventInterface() {
        return eventInterface;
    }

    /** The stored form of one event. */
    public byte[] encode(E event) {
        return toBytes(toTree(event));
    }

    /** The stored form of one event as a tree (used inside snapshots). */
    public JsonNode toTree(E event) {
        Type type = byClass.get(event.getClass());
        if (type == null) {
            throw new IllegalArgumentException("event class " + event.getClass().getName() + " is not registered");
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type.name());
        node.put("v", type.version());
        node.set("data", JSON.valueToTree(event));
        return node;
    }

    /** Reads one stored event, upgrading older versions; refuses unknown types and newer versions. */
    public E decode(byte[] bytes) throws IOException {
        return fromTree(JSON.readTree(bytes));
    }

    public E fromTree(JsonNode node) throws IOException {
        boolean isEnvelope = node != null && node.isObject() && node.path("type").isTextual()
                && node.path("v").isInt() && node.path("data").isObject();
        if (!isEnvelope && legacy != null && node != null) {
            return legacy.decode(node);
        }
        if (!isEnvelope) {
            throw new IOException("not a metadata event (expected {\"type\", \"v\", \"data\"}): "
                    + abbreviate(String.valueOf(node)));
        }
        String name = node.get("type").asText();
        int version = node.get("v").asInt();
        Type type = byName.get(name);
        if (type == null) {
            throw new UnsupportedEventException("unknown " + eventInterface.getSimpleName() + " event type '" + name
                    + "' (version " + version + "): written by a newer Riffle? This build knows " + new TreeMap<>(byName).keySet());
        }
        if (version > type.version()) {
            throw new UnsupportedEventException("event " + name + " version " + version
                    + " is newer than this build reads (up to version " + type.version() + "): written by a newer Riffle");
        }
        if (version < 1) {
            throw new IOException("event " + name + " has invalid version " + version);
        }
        JsonNode data = node.path("data");
        for (int v = version; v < type.version(); v++) {
            UnaryOperator<JsonNode> upgrade = type.upgrades().get(v);
            if (upgrade == null) {
                throw new UnsupportedEventException("event " + name + " version " + v + " has no upgrade to version "
                        + (v + 1));
            }
            data = upgrade.apply(data.deepCopy());
        }
        Object value = JSON.treeToValue(data, type.recordClass());
        return eventInterface.cast(value);
    }

    private static byte[] toBytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode metadata event " + node, e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** Registers event records; {@link #build} checks the sealed interface's permitted records are all there. */
    public static final class Builder<E> {
        private final Class<E> sealedInterface;
        private final Map<String, Type> byName = new LinkedHashMap<>();
        private LegacyDecoder<E> legacy;

        private Builder(Class<E> sealedInterface) {
            if (!sealedInterface.isInterface() || !sealedInterface.isSealed()) {
                throw new IllegalArgumentException(sealedInterface.getName() + " must be a sealed interface");
            }
            this.sealedInterface = sealedInterface;
        }

        /** Registers {@code recordClass} at version 1 under its simple name. */
        public Builder<E> event(Class<? extends E> recordClass) {
            return event(recordClass, 1, Map.of());
        }

        /**
         * Registers {@code recordClass}, written at {@code version}, with upgrades from each older
         * version {@code n} (key) to {@code n + 1}.
         */
        public Builder<E> event(Class<? extends E> recordClass, int version, Map<Integer, UnaryOperator<JsonNode>> upgrades) {
            Objects.requireNonNull(recordClass, "recordClass");
            if (!recordClass.isRecord()) {
                throw new IllegalArgumentException(recordClass.getName() + " must be a record");
            }
            if (version < 1) {
                throw new IllegalArgumentException("version must be at least 1, was " + version);
            }
            String name = recordClass.getSimpleName();
            if (byName.containsKey(name)) {
                throw new IllegalArgumentException("event type '" + name + "' registered twice");
            }
            byName.put(name, new Type(name, recordClass, version, Map.copyOf(upgrades)));
            return this;
        }

        /**
         * Reads stored events that are not in the kit's envelope (written before the service moved
         * onto the kit) with {@code decoder}, so existing logs keep loading; new events are always
         * written in the envelope.
         */
        public Builder<E> legacy(LegacyDecoder<E> decoder) {
            this.legacy = Objects.requireNonNull(decoder, "decoder");
            return this;
        }

        public EventCodec<E> build() {
            List<String> missing = new ArrayList<>();
            collectMissing(sealedInterface, missing);
            if (!missing.isEmpty()) {
                throw new IllegalStateException(sealedInterface.getSimpleName() + " events not registered: " + missing);
            }
            return new EventCodec<>(sealedInterface, byName, legacy);
        }

        private void collectMissing(Class<?> sealed, List<String> missing) {
            for (Class<?> permitted : sealed.getPermittedSubclasses()) {
                if (permitted.isSealed()) {
                    collectMissing(permitted, missing);
                } else if (!byName.containsKey(permitted.getSimpleName())
                        || byName.get(permitted.getSimpleName()).recordClass() != permitted) {
                    missing.add(permitted.getSimpleName());
                }
            }
        }
    }
}

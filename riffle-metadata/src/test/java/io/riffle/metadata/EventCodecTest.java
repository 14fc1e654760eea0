package io.riffle.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private final EventCodec<CounterEvent> codec = CounterEvent.CODEC;

    @Test
    void roundTripsEveryEventWithTypeAndVersion() throws Exception {
        for (CounterEvent event : new CounterEvent[] {
                new CounterEvent.Added("a", 5), new CounterEvent.Removed("a"), new CounterEvent.Expired("tmp-b")}) {
            byte[] bytes = codec.encode(event);
            assertThat(codec.decode(bytes)).isEqualTo(event);
        }
        JsonNode stored = EventCodec.json().readTree(codec.encode(new CounterEvent.Added("a", 5)));
        assertThat(stored.get("type").asText()).isEqualTo("Added");
        assertThat(stored.get("v").asInt()).isEqualTo(1);
        assertThat(stored.get("data").get("amount").asLong()).isEqualTo(5);
    }

    @Test
    void refusesUnknownTypesAndNewerVersionsNamingThem() {
        byte[] unknown = "{\"type\":\"Multiplied\",\"v\":1,\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(unknown))
                .isInstanceOf(UnsupportedEventException.class)
                .hasMessageContaining("unknown CounterEvent event type 'Multiplied'")
                .hasMessageContaining("[Added, Expired, Removed]");
        byte[] newer = "{\"type\":\"Added\",\"v\":2,\"data\":{\"name\":\"a\",\"amount\":1}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(newer))
                .isInstanceOf(UnsupportedEventException.class)
                .hasMessage("event Added version 2 is newer than this build reads (up to version 1): written by a newer Riffle");
        assertThatThrownBy(() -> codec.decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a metadata event");
    }

    @Test
    void upgradesOlderVersions() throws Exception {
        // Version 1 of Added called the amount "count"; version 2 renamed it.
        UnaryOperator<JsonNode> renameCount = data -> {
            ObjectNode o = (ObjectNode) data;
            o.set("amount", o.remove("count"));
            return o;
        };
        EventCodec<CounterEvent> v2 = EventCodec.builder(CounterEvent.class)
                .event(CounterEvent.Added.class, 2, Map.of(1, renameCount))
                .event(CounterEvent.Removed.class)
                .event(CounterEvent.Expired.class)
                .build();
        byte[] old = "{\"type\":\"Added\",\"v\":1,\"data\":{\"name\":\"a\",\"count\":7}}".getBytes(StandardCharsets.UTF_8);
        assertThat(v2.decode(old)).isEqualTo(new CounterEvent.Added("a", 7));
        assertThat(EventCodec.json().readTree(v2.encode(new CounterEvent.Added("a", 7))).get("v").asInt()).isEqualTo(2);
    }

    @Test
    void builderRequiresEveryPermittedRecord() {
        assertThatThrownBy(() -> EventCodec.builder(CounterEvent.class).event(CounterEvent.Added.class).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("CounterEvent events not registered: [Removed, Expired]");
        assertThatThrownBy(() -> EventCodec.builder(Runnable.class))
                .hasMessageContaining("must be a sealed interface");
    }
}

package io.riffle.metadata;

/** The test service's events: named counters, and a timed expiry of counters named "tmp-*". */
sealed interface CounterEvent {
    record Added(String name, long amount) implements CounterEvent {
    }

    record Removed(String name) implements CounterEvent {
    }

    record Expired(String name) implements CounterEvent {
    }

    EventCodec<CounterEvent> CODEC = EventCodec.builder(CounterEvent.class)
            .event(Added.class)
            .event(Removed.class)
            .event(Expired.class)
            .build();
}

package io.riffle.metadata;

import java.util.Map;
import java.util.TreeMap;

/**
 * The test service's state machine: counters by name. Adding to a counter named "tmp-*" arms a
 * timer expiring it {@link #TTL_MS} after the event; removing it cancels the timer.
 */
final class Counters implements StateMachine<Counters.State, CounterEvent> {
    static final long TTL_MS = 1000;

    record State(Map<String, Long> counters) {
    }

    final Map<String, Long> counters = new TreeMap<>();
    int applied;
    int replayed;

    @Override
    public void apply(CounterEvent event, EventContext<CounterEvent> context) {
        applied++;
        if (context.isReplay()) {
            replayed++;
        }
        switch (event) {
            case CounterEvent.Added a -> {
                counters.merge(a.name(), a.amount(), Long::sum);
                if (a.name().startsWith("tmp-")) {
                    context.schedule("expire:" + a.name(), context.timestampMs() + TTL_MS,
                            new CounterEvent.Expired(a.name()));
                }
            }
            case CounterEvent.Removed r -> {
                counters.remove(r.name());
                context.cancel("expire:" + r.name());
            }
            case CounterEvent.Expired e -> counters.remove(e.name());
        }
    }

    @Override
    public State snapshot() {
        return new State(new TreeMap<>(counters));
    }

    @Override
    public void restore(State snapshot) {
        counters.clear();
        counters.putAll(snapshot.counters());
    }

    @Override
    public Class<State> snapshotType() {
        return State.class;
    }
}

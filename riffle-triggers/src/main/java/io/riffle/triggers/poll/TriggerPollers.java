package io.riffle.triggers.poll;

import io.riffle.aws.metrics.MetricsRegistry;
import io.riffle.functions.FunctionInvoker;
import io.riffle.kinesis.source.StreamSink;
import io.riffle.kinesis.source.StreamSource;
import io.riffle.triggers.Mapping;
import io.riffle.triggers.MappingStore;
import io.riffle.triggers.TriggerSettings;
import io.riffle.triggers.failure.FailureDestination;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a {@link MappingPoller} for every mapping that is Enabled, and stops it when the mapping changes (it starts
 * again with the new settings from its checkpoints), leaves Enabled or goes. Follows the registry: each applied
 * change reconciles on the {@code riffle-triggers} thread, which owns every poller.
 */
public final class TriggerPollers implements AutoCloseable {
    private final ScheduledExecutorService thread;
    private final PollerContext ctx;
    private final Map<String, MappingPoller> running = new HashMap<>();
    private final Map<String, String> lastResults = new ConcurrentHashMap<>();
    private final Runnable onRegistryChange;

    public TriggerPollers(MappingStore store, StreamSource source, FunctionInvoker invoker, TriggerSettings settings,
                          InstantSource clock, MetricsRegistry metricsRegistry, FailureDestination failures,
                          StreamSink failureStreams) {
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-triggers");
            t.setDaemon(true);
            return t;
        });
        this.ctx = new PollerContext(thread, source, invoker, store, settings, clock, new TriggerMetrics(metricsRegistry),
                lastResults, failures, failureStreams);
        this.onRegistryChange = () -> thread.execute(this::reconcile);
    }

    /** Starts following the registry. */
    public void start() {
        ctx.store().registry().onChange(onRegistryChange);
        thread.execute(this::reconcile);
    }

    /** Lambda's LastProcessingResult of a mapping since this node started, or null. */
    public String lastProcessingResult(String uuid) {
        return lastResults.get(uuid);
    }

    private void reconcile() {
        Set<String> wanted = new HashSet<>();
        for (Mapping m : ctx.store().registry().all()) {
            if (!m.isPolling()) {
                continue;
            }
            wanted.add(m.uuid());
            MappingPoller current = running.get(m.uuid());
            if (current != null && current.mapping().equals(m)) {
                continue;
            }
            if (current != null) {
                current.stop();
            }
            MappingPoller poller = new MappingPoller(ctx, m);
            running.put(m.uuid(), poller);
            poller.start();
        }
        running.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey())) {
                return false;
            }
            e.getValue().stop();
            ctx.metrics().forget(e.getKey());
            return true;
        });
    }

    @Override
    public void close() {
        ctx.store().registry().removeListener(onRegistryChange);
        try {
            thread.submit(() -> {
                running.values().forEach(MappingPoller::stop);
                running.clear();
            }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway
        }
        thread.shutdownNow();
    }
}

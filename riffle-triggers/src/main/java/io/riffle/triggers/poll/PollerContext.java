package io.riffle.triggers.poll;

import io.riffle.functions.FunctionInvoker;
import io.riffle.kinesis.source.StreamSink;
import io.riffle.kinesis.source.StreamSource;
import io.riffle.triggers.MappingStore;
import io.riffle.triggers.TriggerSettings;
import io.riffle.triggers.failure.FailureDestination;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every poller shares: the triggers thread, the stream source, the invoker, the store, settings, clock, metrics,
 * the last results and where OnFailure invocation records go (buckets, or streams of this node).
 */
record PollerContext(ScheduledExecutorService thread, StreamSource source, FunctionInvoker invoker, MappingStore store,
                     TriggerSettings settings, InstantSource clock, TriggerMetrics metrics,
                     Map<String, String> lastResults, FailureDestination failures,
                     StreamSink failureStreams) {
}

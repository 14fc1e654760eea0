package io.riffle.kinesis.data.subscribe;

import io.riffle.kinesis.control.ControlPlane;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every subscription shares: the control plane (streams, shards, logs, clock, wake-ups of
 * appends), the read pool that runs the cursors, a timer for heartbeats, lifetimes and rate
 * pauses, the rules, the registry of open subscriptions, the consumers, the metrics, and the
 * events framed lately for subscriptions that read a shard together.
 */
record SubscriptionEnvironment(ControlPlane control, Executor reads,
                               ScheduledExecutorService timer, SubscriptionSettings settings,
                               Subscriptions subscriptions, ConsumerLookup consumers, SubscriptionMetrics metrics,
                               SharedEvents sharedEvents) {
}

package io.riffle.examples.leaderboard;

import java.util.List;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The KCL 3.x application: consumes the stream from its start (TRIM_HORIZON) with its leases and checkpoints in
 * the DynamoDB table named after {@code application}, one {@link ScoreApplier} per shard. Run more than one (with
 * different worker ids) and the KCL balances the shards between them. Settings left at the KCL's defaults except:
 * CloudWatch metrics off and worker (CPU) metrics off, which the KCL reads from EC2/ECS instance metadata; and,
 * when {@code failoverMs} is given, failover scaled down from it for demos and tests (the defaults, made for
 * fleets, take over a minute to start processing a new stream and two minutes to replace a dead leader).
 */
final class LeaderboardConsumer {
    private LeaderboardConsumer() {
    }

    static Scheduler scheduler(Clients clients, String stream, String application, String workerId,
            Long failoverMs, List<LeaderboardSink> sinks) {
        var kinesis = clients.kinesisAsync();
        SingleStreamTracker tracker = new SingleStreamTracker(StreamIdentifier.singleStreamInstance(stream),
                InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON));
        ConfigsBuilder configs = new ConfigsBuilder(tracker, application, kinesis, clients.dynamoDbAsync(),
                clients.cloudWatchAsync(), workerId, () -> new ScoreApplier(sinks));
        var leases = configs.leaseManagementConfig();
        leases.workerUtilizationAwareAssignmentConfig().disableWorkerMetrics(true);
        if (failoverMs != null) {
            // a lease unrenewed for failoverMs is expired; the leader hands out leases, workers report they are alive
            // and the leader's lock is renewed at half of it; a dead leader's lock lapses after 1.5 times it; shards
            // are listed every failoverMs (the KCL also waits that long after creating a new stream's first leases)
            leases.failoverTimeMillis(failoverMs).leaseAssignmentIntervalMillis(failoverMs / 2)
                    .shardSyncIntervalMillis(failoverMs)
                    .dynamoDbLockBasedLeaderLeaseDurationInMillis(failoverMs * 3 / 2)
                    .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(failoverMs / 2);
            leases.workerUtilizationAwareAssignmentConfig().workerMetricsReporterFreqInMillis(failoverMs / 2);
        }
        return new Scheduler(configs.checkpointConfig(), configs.coordinatorConfig(), leases,
                configs.lifecycleConfig(), configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
                configs.processorConfig(), configs.retrievalConfig().retrievalSpecificConfig(
                        new PollingConfig(stream, kinesis)));
    }
}

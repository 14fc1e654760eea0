package io.riffle.kinesis.control;

import io.riffle.kinesis.model.ShardInfo;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One log line per control-plane change once it is durable and applied (not at replay): what an operator reads to
 * see what the server did. Each line carries its stream (and consumer or shards) as SLF4J key-values, so with
 * {@code log-format=json} they are fields a log shipper can filter on. Tag and timer events go at DEBUG.
 */
final class ControlPlaneLog {
    private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);

    private ControlPlaneLog() {
    }

    static void applied(KinesisEvent event) {
        switch (event) {
            case KinesisEvent.StreamCreated e -> stream(log.atInfo(), e.name())
                    .log("stream {} created: {} with {} shards, retention {} h", e.name(), e.mode(), e.shardCount(),
                            e.retentionHours());
            case KinesisEvent.StreamStatusChanged e -> stream(log.atInfo(), e.name())
                    .log("stream {} is {}", e.name(), e.status());
            case KinesisEvent.StreamDeleted e -> stream(log.atInfo(), e.name()).log("stream {} deleted", e.name());
            case KinesisEvent.RetentionChanged e -> stream(log.atInfo(), e.name())
                    .log("stream {}: retention {} h", e.name(), e.hours());
            case KinesisEvent.TagsSet e -> stream(log.atDebug(), e.name())
                    .log("stream {}: {} tags", e.name(), e.tags().size());
            case KinesisEvent.ShardMetricsSet e -> stream(log.atInfo(), e.name())
                    .log("stream {}: enhanced shard-level metrics {}", e.name(), e.metrics());
            case KinesisEvent.MaxRecordSizeChanged e -> stream(log.atInfo(), e.name())
                    .log("stream {}: maximum record size {} KiB", e.name(), e.kib());
            case KinesisEvent.ModeChanged e -> stream(log.atInfo(), e.name())
                    .log("stream {}: capacity mode {}", e.name(), e.mode());
            case KinesisEvent.ReshardStarted e -> {
                List<String> parents = e.parents().stream().map(ShardInfo::shardId).toList();
                stream(log.atInfo(), e.name()).addKeyValue("shards", parents)
                        .log("stream {}: reshard of {} begun", e.name(), parents);
            }
            case KinesisEvent.Resharded e -> {
                List<String> closed = e.closed().stream().map(c -> ShardInfo.shardId(c.index())).toList();
                List<String> opened = e.opened().stream().map(o -> ShardInfo.shardId(o.index())).toList();
                stream(log.atInfo(), e.name()).addKeyValue("closedShards", closed).addKeyValue("openedShards", opened)
                        .log("stream {}: closed {} and opened {}", e.name(), closed, opened);
            }
            case KinesisEvent.WarmThroughputSet e -> stream(log.atInfo(), e.name())
                    .log("stream {}: warm throughput {} MiB/s", e.name(), e.targetMiBps());
            case KinesisEvent.ConsumerRegistered e -> consumer(log.atInfo(), e.name(), e.arn())
                    .log("stream {}: consumer {} registered", e.name(), e.consumer());
            case KinesisEvent.ConsumerStatusChanged e -> consumer(log.atInfo(), e.name(), e.arn())
                    .log("stream {}: consumer {} is {}", e.name(), e.arn(), e.status());
            case KinesisEvent.ConsumerDeleted e -> consumer(log.atInfo(), e.name(), e.arn())
                    .log("stream {}: consumer {} deregistered", e.name(), e.arn());
            case KinesisEvent.ConsumerTagsSet e -> consumer(log.atDebug(), e.name(), e.arn())
                    .log("stream {}: consumer {} has {} tags", e.name(), e.arn(), e.tags().size());
            case KinesisEvent.ResourcePolicySet e -> stream(log.atInfo(), e.name()).addKeyValue("resource", e.arn())
                    .log("stream {}: resource policy of {} {}", e.name(), e.arn(),
                            e.policy() == null ? "removed" : "set");
            case KinesisEvent.ReshardDue e -> stream(log.atDebug(), e.name())
                    .log("stream {}: reshard delay over, cutting over", e.name());
            case KinesisEvent.AccountSettingsSet e -> log.info("account settings changed: {}", e.settings());
        }
    }

    /** The stream a line concerns, as the {@code stream} key-value. */
    static LoggingEventBuilder stream(LoggingEventBuilder line, String stream) {
        return line.addKeyValue("stream", stream);
    }

    private static LoggingEventBuilder consumer(LoggingEventBuilder line, String stream, String consumerArn) {
        return stream(line, stream).addKeyValue("consumer", consumerArn);
    }
}

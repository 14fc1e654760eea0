package io.riffle.cli.stream;

import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import io.riffle.cli.client.UsageException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/** {@code riffle stream create NAME [--shards N | --on-demand]}. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a stream and wait until it is ACTIVE.")
final class StreamCreateCommand extends KinesisCommand {

    @Parameters(index = "0", paramLabel = "STREAM", description = "Stream name.")
    String stream;

    @Option(names = "--shards", paramLabel = "N", description = "Shard count of a provisioned stream (default 1).")
    Integer shards;

    @Option(names = "--on-demand", description = "On-demand capacity mode instead of provisioned.")
    boolean isOnDemand;

    @Option(names = "--no-wait", description = "Return at once instead of waiting for ACTIVE.")
    boolean isNoWait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long to wait for ACTIVE (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    protected int run() throws InterruptedException {
        if (isOnDemand && shards != null) {
            throw new UsageException("--shards is for provisioned streams; an on-demand stream scales itself");
        }
        kinesis().createStream(r -> {
            r.streamName(stream);
            if (isOnDemand) {
                r.streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND));
            } else {
                r.shardCount(shards == null ? 1 : shards);
            }
        }).join();
        if (isNoWait) {
            if (isJson()) {
                printJson(SdkJson.MAPPER.createObjectNode().put("StreamName", stream).put("StreamStatus", "CREATING"));
            } else {
                println("creating stream " + stream);
            }
            return 0;
        }
        StreamDescriptionSummary summary = Streams.awaitActive(kinesis(), stream, Duration.ofSeconds(timeoutSeconds));
        if (isJson()) {
            printJson(SdkJson.tree(summary));
        } else {
            println("created stream " + stream + ": " + terminal().green("ACTIVE") + ", "
                    + summary.openShardCount() + (summary.openShardCount() == 1 ? " shard" : " shards")
                    + ", " + Streams.mode(summary) + ", retention " + summary.retentionPeriodHours() + " h");
        }
        return 0;
    }
}

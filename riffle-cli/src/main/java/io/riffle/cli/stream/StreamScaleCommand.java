package io.riffle.cli.stream;

import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import io.riffle.cli.client.UsageException;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/** {@code riffle stream scale NAME --shards N | --on-demand | --provisioned}. */
@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Change a provisioned stream's shard count (UpdateShardCount, uniform scaling) or switch"
                + " its capacity mode; waits until the stream is ACTIVE again.")
final class StreamScaleCommand extends KinesisCommand {

    @Parameters(index = "0", paramLabel = "STREAM", description = "Stream name.")
    String stream;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--shards", paramLabel = "N", description = "The new open shard count.")
        Integer shards;

        @Option(names = "--on-demand", description = "Switch to on-demand capacity mode.")
        boolean isOnDemand;

        @Option(names = "--provisioned", description = "Switch to provisioned capacity mode.")
        boolean isProvisioned;
    }

    @Option(names = "--no-wait", description = "Return at once instead of waiting for ACTIVE.")
    boolean isNoWait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for ACTIVE (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    protected int run() throws InterruptedException {
        String what;
        if (target.shards != null) {
            if (target.shards < 1) {
                throw new UsageException("--shards must be at least 1");
            }
            var response = kinesis().updateShardCount(r -> r.streamName(stream).targetShardCount(target.shards)
                    .scalingType(ScalingType.UNIFORM_SCALING)).join();
            what = "from " + response.currentShardCount() + " to " + response.targetShardCount() + " shards";
        } else {
            String arn = Streams.summary(kinesis(), stream).streamARN();
            StreamMode mode = target.isOnDemand ? StreamMode.ON_DEMAND : StreamMode.PROVISIONED;
            kinesis().updateStreamMode(r -> r.streamARN(arn).streamModeDetails(m -> m.streamMode(mode))).join();
            what = "to " + (target.isOnDemand ? "on-demand" : "provisioned");
        }
        if (isNoWait) {
            if (isJson()) {
                printJson(SdkJson.MAPPER.createObjectNode().put("StreamName", stream).put("StreamStatus", "UPDATING"));
            } else {
                println("scaling stream " + stream + " " + what);
            }
            return 0;
        }
        StreamDescriptionSummary summary = Streams.awaitActive(kinesis(), stream, Duration.ofSeconds(timeoutSeconds));
        if (isJson()) {
            printJson(SdkJson.tree(summary));
        } else {
            println("scaled stream " + stream + " " + what + ": " + terminal().green("ACTIVE") + ", "
                    + summary.openShardCount() + " open shards, " + Streams.mode(summary));
        }
        return 0;
    }
}

package io.riffle.cli.stream;

import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/** {@code riffle stream retention NAME [--hours N]}: shows or changes how long records are kept. */
@Command(name = "retention", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a stream's retention period, or change it with --hours (24 to 8760)"
                + " by IncreaseStreamRetentionPeriod or DecreaseStreamRetentionPeriod.")
final class StreamRetentionCommand extends KinesisCommand {

    @Parameters(index = "0", paramLabel = "STREAM", description = "Stream name.")
    String stream;

    @Option(names = "--hours", paramLabel = "N", description = "The new retention period in hours.")
    Integer hours;

    @Override
    protected int run() {
        StreamDescriptionSummary summary = Streams.summary(kinesis(), stream);
        int before = summary.retentionPeriodHours();
        if (hours != null && hours > before) {
            kinesis().increaseStreamRetentionPeriod(r -> r.streamName(stream).retentionPeriodHours(hours)).join();
        } else if (hours != null && hours < before) {
            kinesis().decreaseStreamRetentionPeriod(r -> r.streamName(stream).retentionPeriodHours(hours)).join();
        }
        int after = hours == null ? before : hours;
        if (isJson()) {
            printJson(SdkJson.MAPPER.createObjectNode().put("StreamName", stream)
                    .put("RetentionPeriodHours", after).put("PreviousRetentionPeriodHours", before));
        } else if (hours == null || hours == before) {
            println("stream " + stream + " keeps records " + after + " h");
        } else {
            println("stream " + stream + " keeps records " + after + " h (was " + before + " h)");
        }
        return 0;
    }
}

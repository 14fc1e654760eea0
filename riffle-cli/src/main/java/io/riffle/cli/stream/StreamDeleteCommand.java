package io.riffle.cli.stream;

import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code riffle stream delete NAME [--force]}. */
@Command(name = "delete", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Delete a stream and all its data.")
final class StreamDeleteCommand extends KinesisCommand {

    @Parameters(index = "0", paramLabel = "STREAM", description = "Stream name.")
    String stream;

    @Option(names = "--force", description = "Delete even when enhanced fan-out consumers are registered"
            + " (EnforceConsumerDeletion).")
    boolean isForce;

    @Override
    protected int run() {
        kinesis().deleteStream(r -> r.streamName(stream).enforceConsumerDeletion(isForce)).join();
        if (isJson()) {
            printJson(SdkJson.MAPPER.createObjectNode().put("StreamName", stream).put("StreamStatus", "DELETING"));
        } else {
            println("deleting stream " + stream);
        }
        return 0;
    }
}

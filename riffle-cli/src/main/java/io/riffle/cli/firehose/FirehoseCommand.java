package io.riffle.cli.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.cli.client.ExitCodes;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SignedCall;
import java.net.http.HttpResponse;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code riffle firehose}: the delivery streams, and Riffle's own Firehose admin calls (status, flush). */
@Command(name = "firehose", mixinStandardHelpOptions = true,
        description = "Firehose: list the delivery streams; a delivery stream's buffer fill and last deliveries; flush its"
                + " buffer now.",
        subcommands = {FirehoseListCommand.class, FirehoseStatusCommand.class, FirehoseCommand.Flush.class,
            CommandLine.HelpCommand.class})
public final class FirehoseCommand implements Runnable {
    static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** Prints the service's refusal (its AWS error code and message); the exit code for it. */
    static int refused(java.io.PrintWriter err, String command, int status, JsonNode body) {
        String type = body.path("__type").asText("HTTP " + status);
        err.println("riffle firehose " + command + ": " + type.substring(type.lastIndexOf('#') + 1) + ": "
                + body.path("message").asText(body.path("Message").asText("")));
        err.flush();
        return ExitCodes.SERVICE_ERROR;
    }

    /** {@code riffle firehose flush NAME}: POST /riffle/firehose/delivery-streams/NAME/flush, signed for firehose. */
    @Command(name = "flush", mixinStandardHelpOptions = true,
            description = "Deliver a delivery stream's buffered records now, whatever their size and age; prints the"
                    + " objects delivered. Needs firehose:FlushDeliveryStream (e.g. firehose:*) when the server checks"
                    + " signatures.")
    static final class Flush extends KinesisCommand {

        @Parameters(paramLabel = "NAME", description = "The delivery stream.")
        String name;

        @Override
        protected int run() throws Exception {
            HttpResponse<String> answer = SignedCall.post(options, "firehose",
                    "/riffle/firehose/delivery-streams/" + name + "/flush", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            JsonNode body = JSON.readTree(answer.body().isEmpty() ? "{}" : answer.body());
            if (answer.statusCode() != 200) {
                return refused(err(), "flush", answer.statusCode(), body);
            }
            if (isJson()) {
                out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
            } else {
                out().println("Flushed " + name + ": " + body.path("ObjectsDelivered").asLong() + " object(s) delivered.");
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}

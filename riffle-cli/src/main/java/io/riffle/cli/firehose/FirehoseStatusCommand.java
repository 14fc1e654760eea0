package io.riffle.cli.firehose;

import com.fasterxml.jackson.databind.JsonNode;
import io.riffle.cli.client.ExitCodes;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SignedCall;
import io.riffle.cli.client.Table;
import io.riffle.cli.client.Units;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code riffle firehose status NAME}: what the delivery stream buffers against its hints and its last deliveries
 * (Riffle's own route, {@code /riffle/firehose/delivery-streams/NAME/status}; Firehose's API has neither).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a delivery stream's buffer fill (records, bytes and the oldest record's age against its"
                + " buffering hints, per dynamic partition) and its last deliveries and failed attempts. Needs"
                + " firehose:DescribeDeliveryStream when the server checks signatures.")
final class FirehoseStatusCommand extends KinesisCommand {

    @Parameters(paramLabel = "NAME", description = "The delivery stream.")
    String name;

    @Override
    protected int run() throws Exception {
        HttpResponse<String> answer = SignedCall.post(options, "firehose",
                "/riffle/firehose/delivery-streams/" + name + "/status", "{}".getBytes(StandardCharsets.UTF_8));
        JsonNode status = FirehoseCommand.JSON.readTree(answer.body().isEmpty() ? "{}" : answer.body());
        if (answer.statusCode() != 200) {
            return FirehoseCommand.refused(err(), "status", answer.statusCode(), status);
        }
        if (isJson()) {
            out().println(FirehoseCommand.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status));
            out().flush();
            return ExitCodes.OK;
        }
        long now = status.path("nowMs").asLong();
        long sizeHint = status.path("sizeHintBytes").asLong();
        long intervalHintMs = status.path("intervalHintMs").asLong();
        out().println(name + ": " + status.path("status").asText() + ", " + status.path("destinationType").asText()
                + ", delivered when " + Units.bytes(sizeHint) + " or " + Units.seconds(intervalHintMs / 1000.0)
                + " old; " + status.path("objectsDelivered").asLong() + " delivered since created");
        if (status.path("buffers").isEmpty()) {
            out().println("Nothing buffered.");
        } else {
            Table buffers = new Table("BUFFER", "RECORDS", "BYTES", "OLDEST");
            for (JsonNode b : status.path("buffers")) {
                buffers.row(b.path("partition").asText("all records"), b.path("records").asLong(),
                        Units.bytes(b.path("bytes").asLong()) + " of " + Units.bytes(sizeHint),
                        Units.seconds((now - b.path("oldestArrivalMs").asLong()) / 1000.0) + " of "
                                + Units.seconds(intervalHintMs / 1000.0));
            }
            out().print(buffers.render(terminal()));
        }
        JsonNode delivering = status.path("delivering");
        if (delivering.isObject()) {
            out().println("Delivering " + delivering.path("target").asText() + " (planned "
                    + Instant.ofEpochMilli(delivering.path("plannedMs").asLong()) + ")");
        }
        if (status.path("lastDeliveries").isEmpty()) {
            out().println("No deliveries since the server started.");
        } else {
            Table deliveries = new Table("WHEN", "RESULT", "RECORDS", "BYTES", "TO");
            for (JsonNode d : status.path("lastDeliveries")) {
                String result = d.path("errorCode").isTextual()
                        ? d.path("errorCode").asText() + ": " + d.path("errorMessage").asText("") : "delivered";
                deliveries.row(Instant.ofEpochMilli(d.path("atMs").asLong()), result, d.path("records").asLong(),
                        Units.bytes(d.path("bytes").asLong()), d.path("target").asText());
            }
            out().print(deliveries.render(terminal()));
        }
        out().flush();
        return ExitCodes.OK;
    }
}

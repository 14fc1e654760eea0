package io.riffle.cli.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import io.riffle.cli.client.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.StreamSummary;

/** {@code riffle stream list}. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the streams with their status, capacity mode and creation time.")
final class StreamListCommand extends KinesisCommand {

    @Override
    protected int run() {
        List<StreamSummary> summaries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListStreamsResponse page = kinesis().listStreams(r -> r.nextToken(token)).join();
            names.addAll(page.streamNames());
            summaries.addAll(page.streamSummaries());
            next = Boolean.TRUE.equals(page.hasMoreStreams()) ? page.nextToken() : null;
        } while (next != null);

        if (isJson()) {
            ObjectNode root = SdkJson.MAPPER.createObjectNode();
            ArrayNode nameArray = root.putArray("StreamNames");
            names.forEach(nameArray::add);
            ArrayNode summaryArray = root.putArray("StreamSummaries");
            summaries.forEach(s -> summaryArray.add(SdkJson.tree(s)));
            printJson(root);
            return 0;
        }
        Table table = new Table("STREAM", "STATUS", "MODE", "CREATED");
        for (StreamSummary s : summaries) {
            table.row(s.streamName(), s.streamStatusAsString(),
                    s.streamModeDetails() == null ? "-" : s.streamModeDetails().streamModeAsString(),
                    s.streamCreationTimestamp());
        }
        if (summaries.isEmpty()) {
            names.forEach(n -> table.row(n, null, null, null)); // an endpoint that sends names only
        }
        if (table.size() == 0) {
            println("no streams (create one: riffle stream create NAME)");
        } else {
            out().print(table.render(terminal()));
            out().flush();
        }
        return 0;
    }
}

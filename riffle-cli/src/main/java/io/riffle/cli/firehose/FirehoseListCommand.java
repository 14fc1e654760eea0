package io.riffle.cli.firehose;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.riffle.cli.client.ExitCodes;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import io.riffle.cli.client.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DestinationDescription;
import software.amazon.awssdk.services.firehose.model.ListDeliveryStreamsResponse;

/**
 * {@code riffle firehose list}: every delivery stream (ListDeliveryStreams, following
 * ExclusiveStartDeliveryStreamName) with its status, source, destination and failure (DescribeDeliveryStream).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the delivery streams: status, source, destination and the failure Firehose reports.")
final class FirehoseListCommand extends KinesisCommand {

    @Override
    protected int run() {
        List<DeliveryStreamDescription> described = new ArrayList<>();
        try (FirehoseAsyncClient firehose = options.firehoseClient()) {
            List<String> names = new ArrayList<>();
            ListDeliveryStreamsResponse page;
            do {
                String after = names.isEmpty() ? null : names.get(names.size() - 1);
                page = firehose.listDeliveryStreams(r -> r.limit(100).exclusiveStartDeliveryStreamName(after)).join();
                names.addAll(page.deliveryStreamNames());
            } while (Boolean.TRUE.equals(page.hasMoreDeliveryStreams()) && !page.deliveryStreamNames().isEmpty());
            for (String name : names) {
                described.add(firehose.describeDeliveryStream(r -> r.deliveryStreamName(name)).join()
                        .deliveryStreamDescription());
            }
        }
        if (isJson()) {
            ArrayNode all = SdkJson.MAPPER.createArrayNode();
            described.forEach(d -> all.add(SdkJson.tree(d)));
            printJson(SdkJson.MAPPER.createObjectNode().set("DeliveryStreamDescriptions", all));
            return ExitCodes.OK;
        }
        if (described.isEmpty()) {
            println("no delivery streams");
            return ExitCodes.OK;
        }
        Table table = new Table("DELIVERY STREAM", "STATUS", "SOURCE", "DESTINATION", "FAILURE");
        for (DeliveryStreamDescription d : described) {
            String source = d.source() != null && d.source().kinesisStreamSourceDescription() != null
                    ? d.source().kinesisStreamSourceDescription().kinesisStreamARN() : d.deliveryStreamTypeAsString();
            table.row(d.deliveryStreamName(), d.deliveryStreamStatusAsString(), source,
                    d.destinations().isEmpty() ? "-" : destination(d.destinations().get(0)),
                    d.failureDescription() == null ? "" : d.failureDescription().typeAsString() + ": "
                            + d.failureDescription().details());
        }
        out().print(table.render(terminal()));
        out().flush();
        return ExitCodes.OK;
    }

    private static String destination(DestinationDescription d) {
        if (d.extendedS3DestinationDescription() != null) {
            return "S3 " + d.extendedS3DestinationDescription().bucketARN();
        }
        if (d.s3DestinationDescription() != null) {
            return "S3 " + d.s3DestinationDescription().bucketARN();
        }
        if (d.httpEndpointDestinationDescription() != null
                && d.httpEndpointDestinationDescription().endpointConfiguration() != null) {
            return "HTTP " + d.httpEndpointDestinationDescription().endpointConfiguration().url();
        }
        return "other";
    }
}

package io.riffle.cli.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import io.riffle.cli.client.Table;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/** {@code riffle stream describe NAME}: the summary and the shard map (open and closed shards, lineage). */
@Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a stream: status, mode, retention, encryption, consumers and its shards"
                + " (hash key ranges, parents, open or closed).")
final class StreamDescribeCommand extends KinesisCommand {

    @Parameters(index = "0", paramLabel = "STREAM", description = "Stream name.")
    String stream;

    @Override
    protected int run() {
        StreamDescriptionSummary summary = Streams.summary(kinesis(), stream);
        List<Shard> shards = Streams.shards(kinesis(), stream);
        if (isJson()) {
            ObjectNode root = SdkJson.MAPPER.createObjectNode();
            root.set("StreamDescriptionSummary", SdkJson.tree(summary));
            ArrayNode array = root.putArray("Shards");
            shards.forEach(s -> array.add(SdkJson.tree(s)));
            printJson(root);
            return 0;
        }
        Table facts = new Table("STREAM", summary.streamName());
        facts.row("ARN", summary.streamARN());
        facts.row("status", summary.streamStatusAsString());
        facts.row("mode", Streams.mode(summary));
        facts.row("open shards", summary.openShardCount());
        facts.row("retention", summary.retentionPeriodHours() + " h");
        facts.row("encryption", summary.encryptionTypeAsString());
        facts.row("consumers", summary.consumerCount());
        facts.row("created", summary.streamCreationTimestamp());
        out().print(facts.render(terminal()));
        out().println();

        Table table = new Table("SHARD", "STATE", "PARENTS", "HASH KEY RANGE", "FIRST SEQUENCE NUMBER");
        for (Shard shard : shards) {
            boolean isOpen = shard.sequenceNumberRange() == null
                    || shard.sequenceNumberRange().endingSequenceNumber() == null;
            String parents = shard.parentShardId() == null ? "-"
                    : shard.parentShardId() + (shard.adjacentParentShardId() == null ? "" : "+" + shard.adjacentParentShardId());
            table.row(shard.shardId(), isOpen ? terminal().green("open") : terminal().dim("closed"), parents,
                    shard.hashKeyRange().startingHashKey() + ".." + shard.hashKeyRange().endingHashKey(),
                    shard.sequenceNumberRange() == null ? null : shard.sequenceNumberRange().startingSequenceNumber());
        }
        out().print(table.render(terminal()));
        out().flush();
        return 0;
    }
}

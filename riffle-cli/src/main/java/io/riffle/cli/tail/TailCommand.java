package io.riffle.cli.tail;

import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.UsageException;
import io.riffle.cli.stream.ConsumersCommand;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code riffle tail STREAM}: prints records as they arrive, like {@code tail -f}. */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Follow a stream's records live, like tail -f.",
            "One line per record: shard, partition"
                + " key and data (-o json: one JSON object per record). Reads every shard with GetRecords and"
                + " follows splits and merges (a child shard after its parents), or one --shard; with --consumer,"
                + " pushed by SubscribeToShard through that enhanced fan-out consumer. KPL aggregated records are"
                + " shown as the user records they hold.",
            "Examples:",
            "  riffle tail orders",
            "  riffle tail orders --from trim-horizon --decode json -o json",
            "  riffle tail orders --from 10m --consumer viewer --data-only | jq ."})
public final class TailCommand extends KinesisCommand {

    @Parameters(index = "0", paramLabel = "STREAM", description = "Stream name.")
    String stream;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "latest",
            description = "latest (default), trim-horizon (the oldest record kept), a time (2026-12-04T07:00:00Z)"
                    + " or an age (10m, 2h, 1d) for AT_TIMESTAMP, or a sequence number (AT_SEQUENCE_NUMBER; a 56-digit one names its shard, else give --shard).")
    String from;

    @Option(names = "--shard", paramLabel = "SHARD_ID", description = "Read this shard (and the shards made from it).")
    String shard;

    @Option(names = "--consumer", paramLabel = "NAME",
            description = "Read through this registered enhanced fan-out consumer (SubscribeToShard) instead of GetRecords.")
    String consumer;

    @Option(names = "--decode", paramLabel = "AS", defaultValue = "utf8",
            description = "Show data as ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    RecordFormatter.Decode decode;

    @Option(names = "--no-kpl", description = "Show KPL aggregated records as they are instead of de-aggregating them.")
    boolean isNoKpl;

    @Option(names = {"-d", "--data-only"}, description = "Print only the data of each record.")
    boolean isDataOnly;

    @Option(names = {"-k", "--key"}, paramLabel = "PARTITION_KEY",
            description = "Show only the records of this partition key (of the user record, for KPL aggregates).")
    String key;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "Stop after N records.")
    Long limit;

    @Option(names = "--no-follow", description = "Stop once every shard is read up to its latest record (GetRecords only).")
    boolean isNoFollow;

    @Override
    protected int run() throws InterruptedException {
        StartingPoint start = StartingPoint.parse(from, Instant.now());
        if (start.isSequenceNumber() && shard == null) {
            // a 56-digit number names its shard; an older 39-digit one does not
            shard = start.shardIdOfSequenceNumber();
            if (shard == null) {
                throw new UsageException("--from SEQUENCE_NUMBER needs --shard: a sequence number belongs to one shard");
            }
        }
        if (isNoFollow && consumer != null) {
            throw new UsageException("--no-follow is for GetRecords; a --consumer subscription is pushed and has no end");
        }
        RecordFormatter formatter = new RecordFormatter(decode, isJson(), isDataOnly, terminal());
        PrintWriter out = out();
        long[] count = {0};
        RecordSink sink = record -> {
            if (key != null && !key.equals(record.partitionKey())) {
                return true;
            }
            out.println(formatter.format(record));
            out.flush();
            return limit == null || ++count[0] < limit;
        };
        if (limit != null && limit <= 0) {
            return 0;
        }
        if (consumer != null) {
            String consumerArn = ConsumersCommand.describe(this, stream, consumer).consumerARN();
            new SubscribeReader(options.http2Client(), stream, consumerArn, start, shard, !isNoKpl).run(sink);
        } else {
            new GetRecordsReader(kinesis(), stream, new GetRecordsReader.Options(start, shard, !isNoKpl, !isNoFollow,
                    null, 10_000, 250)).run(sink);
        }
        return 0;
    }
}

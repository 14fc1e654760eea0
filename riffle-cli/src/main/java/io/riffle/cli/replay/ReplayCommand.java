package io.riffle.cli.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.cli.client.ExitCodes;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import io.riffle.cli.client.Units;
import io.riffle.cli.client.UsageException;
import io.riffle.cli.put.RatePacer;
import io.riffle.cli.put.RecordPutter;
import io.riffle.cli.tail.GetRecordsReader;
import io.riffle.cli.tail.StartingPoint;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** {@code riffle replay SOURCE TARGET --from TIME [--to TIME]}: copies a time range of one stream into another. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy a time range of one stream into another.",
            "Copies the records of SOURCE that arrived between --from and --to into TARGET (on the same"
                + " endpoint), with their partition keys and data as they are (KPL aggregates stay aggregated)."
                + " Reads every shard with GetRecords, a child shard after its parents, and stops at --to or,"
                + " when --to is later, once SOURCE is read to its latest record. Order per partition key is"
                + " kept except for entries TARGET refused once and that are sent again.",
            "Example:",
            "  riffle replay orders orders-debug --from 2026-12-04T06:00:00Z --to 2026-12-04T07:00:00Z"})
public final class ReplayCommand extends KinesisCommand {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "Stream to read.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "Stream to write.")
    String target;

    @Option(names = "--from", paramLabel = "TIME", required = true,
            description = "Start: an ISO-8601 time, an age (10m, 2h, 1d) or trim-horizon.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End (inclusive): an ISO-8601 time or an age (default: now).")
    String to;

    @Option(names = "--rate", paramLabel = "RECORDS_PER_SECOND", defaultValue = "0",
            description = "Pace the writes (default: as fast as TARGET takes them).")
    double rate;

    @Override
    protected int run() throws InterruptedException {
        if (source.equals(target)) {
            throw new UsageException("SOURCE and TARGET are the same stream: the copy would read its own writes");
        }
        Instant now = Instant.now();
        StartingPoint start = StartingPoint.parse(from, now);
        if (start.isSequenceNumber() || start.type() == software.amazon.awssdk.services.kinesis.model.ShardIteratorType.LATEST) {
            throw new UsageException("--from is a time, an age or trim-horizon");
        }
        Instant until = to == null ? now : StartingPoint.parse(to, now).timestamp();
        if (until == null) {
            throw new UsageException("--to is a time or an age");
        }
        RecordPutter putter = new RecordPutter(kinesis(), target, 10, new RatePacer(rate), stats -> { });
        long startNanos = System.nanoTime();
        new GetRecordsReader(kinesis(), source, new GetRecordsReader.Options(start, null, false, false, until, 10_000, 200))
                .run(record -> {
                    putter.add(PutRecordsRequestEntry.builder().partitionKey(record.partitionKey())
                            .data(SdkBytes.fromByteArrayUnsafe(record.data())).build());
                    return true;
                });
        putter.flush();
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        RecordPutter.Stats stats = putter.stats();
        if (isJson()) {
            ObjectNode node = SdkJson.MAPPER.createObjectNode().put("Source", source).put("Target", target)
                    .put("From", start.timestamp() == null ? "TRIM_HORIZON" : start.timestamp().toString())
                    .put("To", until.toString()).put("Records", stats.records).put("Bytes", stats.bytes)
                    .put("Seconds", seconds).put("Failed", stats.failed);
            printJson(node);
        } else {
            println("replayed " + Units.count(stats.records) + " records (" + Units.bytes(stats.bytes) + ") from "
                    + source + " to " + target + " in " + Units.seconds(seconds)
                    + (stats.failed > 0 ? "; " + terminal().red(Units.count(stats.failed) + " failed") : ""));
        }
        if (stats.failed > 0) {
            var first = stats.failuresByCode.entrySet().iterator().next();
            err().println(spec.qualifiedName() + ": " + first.getKey() + ": " + first.getValue());
            err().flush();
            return ExitCodes.SERVICE_ERROR;
        }
        return ExitCodes.OK;
    }
}

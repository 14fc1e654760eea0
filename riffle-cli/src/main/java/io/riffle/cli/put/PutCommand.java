package io.riffle.cli.put;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.riffle.cli.client.ExitCodes;
import io.riffle.cli.client.KinesisCommand;
import io.riffle.cli.client.SdkJson;
import io.riffle.cli.client.Terminal;
import io.riffle.cli.client.Units;
import io.riffle.cli.client.UsageException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/** {@code riffle put STREAM [RECORD...]}: records from arguments, a file or stdin, batched with PutRecords. */
@Command(name = "put", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Put records into a stream from arguments, a file or stdin.",
            "Records: the RECORD arguments, else the lines (or JSON documents) of"
                + " --file, else of stdin. Records go in PutRecords batches (500 records, 5 MB); entries a batch"
                + " reports as failed are sent again with backoff. On a terminal a progress line shows the"
                + " count; at the end a summary gives records, bytes and rates.",
            "Examples:",
            "  riffle put orders 'hello' 'world' --partition-key k1",
            "  seq 1000 | riffle put numbers --rate 100",
            "  riffle put orders --file orders.ndjson --format json --key-field customerId"})
public final class PutCommand extends KinesisCommand {

    @Parameters(index = "0", paramLabel = "STREAM", description = "Stream name.")
    String stream;

    @Parameters(index = "1..*", paramLabel = "RECORD", description = "Records (UTF-8 text, or JSON with --format json).")
    List<String> records = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read records from FILE ('-' for stdin).")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "lines",
            description = "lines: one record per line; json: one record per JSON document (NDJSON, or the elements"
                    + " of a top-level array), sent compact (default ${DEFAULT-VALUE}).")
    InputRecords.Format format;

    @Option(names = {"-k", "--partition-key"}, paramLabel = "KEY",
            description = "Partition key of every record (default: a random key per record).")
    String partitionKey;

    @Option(names = "--key-field", paramLabel = "FIELD",
            description = "With --format json: the top-level field whose value is the record's partition key.")
    String keyField;

    @Option(names = {"-K", "--key-separator"}, paramLabel = "SEP",
            description = "With --format lines: the text before the first SEP in a line is its partition key.")
    String keySeparator;

    @Option(names = "--rate", paramLabel = "RECORDS_PER_SECOND", defaultValue = "0",
            description = "Pace the records to this rate (default: as fast as the stream takes them).")
    double rate;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "10",
            description = "Sends per record before it counts as failed (default ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Override
    protected int run() throws Exception {
        if (keyField != null && format != InputRecords.Format.JSON) {
            throw new UsageException("--key-field needs --format json");
        }
        if (keySeparator != null && format != InputRecords.Format.LINES) {
            throw new UsageException("--key-separator is for --format lines");
        }
        if (!records.isEmpty() && file != null) {
            throw new UsageException("give records as arguments or --file, not both");
        }
        Supplier<String> keys = partitionKey != null ? () -> partitionKey : InputRecords.randomKeys();
        boolean isStderrTerminal = Terminal.detectStderr(System.getenv()).isInteractive();
        Progress progress = new Progress(isStderrTerminal && !isJson(), err());
        if (isStderrTerminal && records.isEmpty() && (file == null || file.equals("-")) && Terminal.isStdinTerminal()) {
            err().println("reading records from stdin, one per line (Ctrl-D ends)");
            err().flush();
        }
        RecordPutter putter = new RecordPutter(kinesis(), stream, maxAttempts, new RatePacer(rate), progress);
        long startNanos = System.nanoTime();
        try (Reader reader = input()) {
            Iterator<PutRecordsRequestEntry> entries = format == InputRecords.Format.JSON
                    ? InputRecords.json(reader, keyField, keys)
                    : InputRecords.lines(reader, keySeparator, keys);
            while (entries.hasNext()) {
                putter.add(entries.next());
            }
            putter.flush();
        } finally {
            progress.clear();
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        RecordPutter.Stats stats = putter.stats();
        if (isJson()) {
            ObjectNode summary = SdkJson.MAPPER.createObjectNode()
                    .put("StreamName", stream).put("Records", stats.records).put("Bytes", stats.bytes)
                    .put("Seconds", seconds).put("RecordsPerSecond", stats.records / seconds)
                    .put("BytesPerSecond", stats.bytes / seconds).put("Retried", stats.retried).put("Failed", stats.failed);
            ObjectNode failures = summary.putObject("Failures");
            stats.failuresByCode.forEach(failures::put);
            printJson(summary);
        } else {
            println("put " + Units.count(stats.records) + (stats.records == 1 ? " record" : " records")
                    + " (" + Units.bytes(stats.bytes) + ") to " + stream + " in " + Units.seconds(seconds) + ": "
                    + Units.count(stats.records / seconds) + " records/s, " + Units.bytes(stats.bytes / seconds) + "/s"
                    + (stats.retried > 0 ? "; " + Units.count(stats.retried) + " sent again" : ""));
        }
        if (stats.failed > 0) {
            var first = stats.failuresByCode.entrySet().iterator().next();
            err().println(spec.qualifiedName() + ": " + terminal().red(Units.count(stats.failed) + " records failed after "
                    + maxAttempts + " attempts: " + first.getKey() + ": " + first.getValue()));
            err().flush();
            return ExitCodes.SERVICE_ERROR;
        }
        return ExitCodes.OK;
    }

    private Reader input() throws IOException {
        if (!records.isEmpty()) {
            // one argument, one record: join with newlines only for the line splitter's sake
            if (format == InputRecords.Format.LINES) {
                for (String record : records) {
                    if (record.isEmpty() || record.contains("\n")) {
                        throw new UsageException("a RECORD argument must be one non-empty line; use --file for more");
                    }
                }
            }
            return new StringReader(String.join("\n", records));
        }
        if (file == null || file.equals("-")) {
            return new InputStreamReader(System.in, StandardCharsets.UTF_8);
        }
        try {
            return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
        }
    }

    /** The progress line on stderr (a terminal only), rewritten at most ten times a second. */
    private static final class Progress implements RecordPutter.Progress {
        private final boolean isShown;
        private final PrintWriter err;
        private final long startNanos = System.nanoTime();
        private long lastNanos;

        Progress(boolean isShown, PrintWriter err) {
            this.isShown = isShown;
            this.err = err;
        }

        @Override
        public void update(RecordPutter.Stats stats) {
            long now = System.nanoTime();
            if (!isShown || now - lastNanos < 100_000_000L) {
                return;
            }
            lastNanos = now;
            double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
            err.print("\r\u001b[2K" + Units.count(stats.records) + " records, " + Units.bytes(stats.bytes) + ", "
                    + Units.count(stats.records / seconds) + " records/s");
            err.flush();
        }

        void clear() {
            if (isShown && lastNanos != 0) {
                err.print("\r\u001b[2K");
                err.flush();
            }
        }
    }
}

package io.riffle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.aws.audit.AuditLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code riffle audit}: prints the audit log's events (CloudTrail-shaped JSON lines, oldest first)
 * of a data directory, filtered by time, user and event name. Reads the files only; a running
 * server may keep appending.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the audit log (<data-dir>/audit): one CloudTrail-shaped JSON event per line, oldest first.")
final class AuditCommand implements Callable<Integer> {
    static final int BAD_ARGUMENTS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The server's data directory (default ./riffle-data).")
    private Path dataDir = Path.of("./riffle-data");

    @Option(names = "--since", paramLabel = "TIME", description = "Events at or after TIME (ISO-8601, e.g. 2026-12-04T07:00:00Z).")
    private String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Events before TIME.")
    private String until;

    @Option(names = "--user", paramLabel = "WHO", description = "Events of the principal whose ARN, or access key id, is WHO.")
    private String user;

    @Option(names = "--event-name", paramLabel = "NAME", description = "Events of this operation (CreateStream, PutRecords...).")
    private String eventName;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant from;
        Instant to;
        try {
            from = since == null ? Instant.MIN : Instant.parse(since);
            to = until == null ? Instant.MAX : Instant.parse(until);
        } catch (DateTimeParseException e) {
            err.println("riffle audit: a time is ISO-8601 such as 2026-12-04T07:00:00Z, not '" + e.getParsedString() + "'");
            err.flush();
            return BAD_ARGUMENTS;
        }
        for (Path file : AuditLog.files(dataDir.resolve("audit"))) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isBlank() && matches(line, from, to)) {
                        out.println(line);
                    }
                }
            }
        }
        out.flush();
        return 0;
    }

    private boolean matches(String line, Instant from, Instant to) {
        JsonNode event;
        try {
            event = JSON.readTree(line);
        } catch (IOException e) {
            return false; // a torn last line of a server that died while writing it
        }
        Instant time = Instant.parse(event.path("eventTime").asText("1970-01-01T00:00:00Z"));
        if (time.isBefore(from) || !time.isBefore(to)) {
            return false;
        }
        if (eventName != null && !eventName.equals(event.path("eventName").asText())) {
            return false;
        }
        JsonNode identity = event.path("userIdentity");
        return user == null || user.equals(identity.path("arn").asText()) || user.equals(identity.path("accessKeyId").asText());
    }
}

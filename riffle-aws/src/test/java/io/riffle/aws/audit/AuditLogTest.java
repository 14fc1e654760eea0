package io.riffle.aws.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.riffle.aws.Caller;
import io.riffle.aws.metrics.MetricsRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log's writer: durable events on disk when their future completes, data events bounded, files rolled. */
class AuditLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MetricsRegistry metrics = new MetricsRegistry();

    static AuditEvent event(String name, boolean isData, String errorCode) {
        return new AuditEvent(Instant.parse("2026-12-04T07:00:00.123Z"), "kinesis.amazonaws.com", name, "us-east-1",
                "000000000000", errorCode == null ? Caller.accountRoot("000000000000", "AKIAIOSFODNN7EXAMPLE") : null,
                "AKIAIOSFODNN7EXAMPLE", "127.0.0.1", "aws-cli/2", isData ? null : Map.of("StreamName", "s"), errorCode,
                errorCode == null ? null : "The security token included in the request is invalid.", "req-1",
                name.startsWith("Describe"), isData, null, null, "127.0.0.1:4567");
    }

    @Test
    void aDurableEventIsACloudTrailLineOnDiskWhenItsFutureCompletes() throws Exception {
        try (AuditLog audit = AuditLog.open(dir, 1 << 20, 5, 10, metrics)) {
            audit.writeDurably(event("CreateStream", false, null)).join();
            audit.writeDurably(event("ListStreams", false, "UnrecognizedClientException")).join();
            List<JsonNode> events = read();
            assertThat(events).hasSize(2);
            JsonNode created = events.get(0);
            assertThat(created.path("eventVersion").asText()).isEqualTo("1.09");
            assertThat(created.path("userIdentity").path("type").asText()).isEqualTo("Root");
            assertThat(created.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::000000000000:root");
            assertThat(created.path("userIdentity").path("accessKeyId").asText()).isEqualTo("AKIAIOSFODNN7EXAMPLE");
            assertThat(created.path("eventTime").asText()).isEqualTo("2026-12-04T07:00:00Z");
            assertThat(created.path("eventSource").asText()).isEqualTo("kinesis.amazonaws.com");
            assertThat(created.path("eventName").asText()).isEqualTo("CreateStream");
            assertThat(created.path("requestParameters").path("StreamName").asText()).isEqualTo("s");
            assertThat(created.path("eventType").asText()).isEqualTo("AwsApiCall");
            assertThat(created.path("managementEvent").asBoolean()).isTrue();
            assertThat(created.path("eventCategory").asText()).isEqualTo("Management");
            assertThat(created.has("errorCode")).isFalse();
            JsonNode refused = events.get(1);
            assertThat(refused.path("userIdentity").path("type").asText()).isEqualTo("Unknown");
            assertThat(refused.path("errorCode").asText()).isEqualTo("UnrecognizedClientException");
        }
        Path file = AuditLog.files(dir).get(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void dataEventsBeyondTheQueueAreDroppedAndCountedNotWaitedFor() throws Exception {
        AuditLog audit = AuditLog.create(dir, 1 << 20, 5, 3, metrics); // the writer is not started yet
        for (int i = 0; i < 5; i++) {
            audit.offer(event("PutRecords", true, null));
        }
        assertThat(audit.droppedEvents()).isEqualTo(2);
        assertThat(metrics.render()).contains("riffle_audit_dropped_events_total 2");
        audit.start();
        audit.writeDurably(event("DeleteStream", false, null)).join(); // written after the queued data events
        assertThat(read()).extracting(e -> e.path("eventName").asText())
                .containsExactly("PutRecords", "PutRecords", "PutRecords", "DeleteStream");
        assertThat(read().get(0).path("eventCategory").asText()).isEqualTo("Data");
        assertThat(read().get(0).path("requestParameters").isNull()).isTrue();
        audit.close();
    }

    @Test
    void filesRollAtTheirSizeAndOnlyTheNewestAreKept() throws Exception {
        int lineBytes = event("CreateStream", false, null).toJsonLine().length;
        try (AuditLog audit = AuditLog.open(dir, lineBytes * 2L, 2, 10, metrics)) {
            for (int i = 0; i < 7; i++) {
                audit.writeDurably(event("CreateStream", false, null)).join();
            }
        }
        assertThat(AuditLog.files(dir)).hasSize(2);
        assertThat(read()).hasSize(3); // 7 lines, 2 a file: the last two files hold 2 + 1
    }

    private List<JsonNode> read() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (Path file : AuditLog.files(dir)) {
            for (String line : Files.readAllLines(file)) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }
}

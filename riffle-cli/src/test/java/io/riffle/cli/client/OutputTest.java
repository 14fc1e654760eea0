package io.riffle.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

class OutputTest {

    @Test
    void tableAlignsColumnsAndLeavesTheLastUnpadded() {
        String table = new Table("NAME", "STATUS", "NOTE").row("a", "ACTIVE", "x").row("longer-name", null, "é").render(Terminal.PLAIN);

        assertThat(table).isEqualTo("""
                NAME         STATUS  NOTE
                a            ACTIVE  x
                longer-name  -       é
                """);
    }

    @Test
    void coloursNeedATerminalAndNoNoColor() {
        assertThat(Terminal.of(true, Map.of())).isEqualTo(new Terminal(true, true));
        assertThat(Terminal.of(false, Map.of())).isEqualTo(new Terminal(false, false));
        assertThat(Terminal.of(true, Map.of("NO_COLOR", "1"))).isEqualTo(new Terminal(true, false));
        assertThat(Terminal.of(true, Map.of("NO_COLOR", ""))).isEqualTo(new Terminal(true, true));
        assertThat(Terminal.of(true, Map.of("TERM", "dumb"))).isEqualTo(new Terminal(true, false));
        assertThat(Terminal.PLAIN.bold("x")).isEqualTo("x");
        assertThat(new Terminal(true, true).bold("x")).isEqualTo("\u001b[1mx\u001b[0m");
    }

    @Test
    void sdkJsonUsesTheApiMemberNames() {
        StreamDescriptionSummary summary = StreamDescriptionSummary.builder()
                .streamName("s").streamStatus(StreamStatus.ACTIVE).openShardCount(2).retentionPeriodHours(24)
                .streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND))
                .streamCreationTimestamp(Instant.parse("2026-12-04T07:00:00Z")).build();

        assertThat(SdkJson.tree(summary).toString()).isEqualTo("{\"StreamName\":\"s\",\"StreamStatus\":\"ACTIVE\","
                + "\"StreamModeDetails\":{\"StreamMode\":\"ON_DEMAND\"},\"RetentionPeriodHours\":24,"
                + "\"StreamCreationTimestamp\":\"2026-12-04T07:00:00Z\",\"OpenShardCount\":2}");
    }

    @Test
    void unitsReadLikePeopleWriteThem() {
        assertThat(Units.bytes(999)).isEqualTo("999 B");
        assertThat(Units.bytes(45_200)).isEqualTo("45.2 KB");
        assertThat(Units.bytes(1_234_567)).isEqualTo("1.23 MB");
        assertThat(Units.count(12_345.6)).isEqualTo("12,346");
        assertThat(Units.count(0.5)).isEqualTo("0.50");
        assertThat(Units.millis(0.42)).isEqualTo("0.42");
        assertThat(Units.millis(3.14)).isEqualTo("3.1");
        assertThat(Units.millis(1234)).isEqualTo("1,234");
    }
}

package io.riffle.cli.tail;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.cli.client.Terminal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordFormatterTest {

    private static TailRecord record(String data) {
        return record(data.getBytes(StandardCharsets.UTF_8));
    }

    private static TailRecord record(byte[] data) {
        return new TailRecord("shardId-000000000001", "4960", null, "pk", null, Instant.parse("2026-12-04T07:00:00Z"), data);
    }

    @Test
    void textLineIsShardKeyAndDataWithControlCharactersEscaped() {
        RecordFormatter formatter = new RecordFormatter(RecordFormatter.Decode.UTF8, false, false, Terminal.PLAIN);

        assertThat(formatter.format(record("a\nb\tc\u0001 é"))).isEqualTo("shardId-000000000001 pk a\\nb\\tc\\u0001 é");
    }

    @Test
    void dataThatIsNotUtf8IsShownInHex() {
        RecordFormatter formatter = new RecordFormatter(RecordFormatter.Decode.UTF8, false, true, Terminal.PLAIN);

        assertThat(formatter.format(record(new byte[] {(byte) 0xff, 0x00, 0x41}))).isEqualTo("hex:ff0041");
    }

    @Test
    void hexAndBase64() {
        byte[] data = {0x00, 0x01, (byte) 0xfe};

        assertThat(new RecordFormatter(RecordFormatter.Decode.HEX, false, true, Terminal.PLAIN).format(record(data)))
                .isEqualTo("0001fe");
        assertThat(new RecordFormatter(RecordFormatter.Decode.BASE64, false, true, Terminal.PLAIN).format(record(data)))
                .isEqualTo("AAH+");
    }

    @Test
    void jsonDecodeIsCompactAndFallsBackToText() {
        RecordFormatter formatter = new RecordFormatter(RecordFormatter.Decode.JSON, false, true, Terminal.PLAIN);

        assertThat(formatter.format(record("{ \"a\" : [1, 2],\n \"b\": \"x\" }"))).isEqualTo("{\"a\":[1,2],\"b\":\"x\"}");
        assertThat(formatter.format(record("not json"))).isEqualTo("not json");
        assertThat(formatter.format(record("12 trailing"))).isEqualTo("12 trailing");
        assertThat(formatter.format(record(""))).isEmpty();
    }

    @Test
    void jsonOutputIsOneObjectPerLineWithJsonDataEmbedded() {
        RecordFormatter formatter = new RecordFormatter(RecordFormatter.Decode.JSON, true, false, Terminal.PLAIN);

        assertThat(formatter.format(record("{\"n\":1}"))).isEqualTo("{\"ShardId\":\"shardId-000000000001\","
                + "\"SequenceNumber\":\"4960\",\"PartitionKey\":\"pk\",\"ApproximateArrivalTimestamp\":"
                + "\"2026-12-04T07:00:00Z\",\"Data\":{\"n\":1}}");
        TailRecord kpl = new TailRecord("s", "1", 3L, "k", "99", null, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(new RecordFormatter(RecordFormatter.Decode.UTF8, true, false, Terminal.PLAIN).format(kpl))
                .isEqualTo("{\"ShardId\":\"s\",\"SequenceNumber\":\"1\",\"SubSequenceNumber\":3,\"PartitionKey\":\"k\","
                        + "\"ExplicitHashKey\":\"99\",\"Data\":\"x\"}");
    }

    @Test
    void jsonOutputLeavesEscapingToJson() {
        RecordFormatter formatter = new RecordFormatter(RecordFormatter.Decode.UTF8, true, false, Terminal.PLAIN);

        assertThat(formatter.format(record("a\nb"))).endsWith(",\"Data\":\"a\\nb\"}");
        assertThat(formatter.format(record(new byte[] {(byte) 0xff}))).endsWith(",\"Data\":\"hex:ff\"}");
    }

    @Test
    void coloursOnlyOnAColourTerminal() {
        Terminal colour = new Terminal(true, true);

        assertThat(new RecordFormatter(RecordFormatter.Decode.UTF8, false, false, colour).format(record("d")))
                .isEqualTo("\u001b[2mshardId-000000000001\u001b[0m \u001b[36mpk\u001b[0m d");
    }
}

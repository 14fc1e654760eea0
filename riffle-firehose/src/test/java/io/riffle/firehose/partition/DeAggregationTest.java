package io.riffle.firehose.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeAggregationTest {
    private static List<String> split(String data, String type, String delimiter) {
        List<byte[]> out = DeAggregation.split(data.getBytes(StandardCharsets.UTF_8), type,
                delimiter.getBytes(StandardCharsets.UTF_8));
        return out == null ? null : out.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void concatenatedJsonObjectsAreSplitKeepingTheirBytes() {
        assertThat(split("{\"a\":1}{\"a\": {\"b\":[2]}}\n {\"a\":\"}{\"}", "JSON", ""))
                .containsExactly("{\"a\":1}", "{\"a\": {\"b\":[2]}}", "{\"a\":\"}{\"}");
        assertThat(split("{\"a\":1}", "JSON", "")).containsExactly("{\"a\":1}");
    }

    @Test
    void delimitedDataIsSplitAtEachDelimiter() {
        assertThat(split("a##b####c##", "DELIMITED", "##")).containsExactly("a", "b", "c");
        assertThat(split("abc", "DELIMITED", "|")).containsExactly("abc");
    }

    @Test
    void dataThatCannotBeSplitOrHasTooManySubRecordsGivesNull() {
        assertThat(split("{\"a\":1} 7", "JSON", "")).isNull();
        assertThat(split("{\"a\":", "JSON", "")).isNull();
        assertThat(split("", "JSON", "")).isNull();
        assertThat(split("{}".repeat(DeAggregation.MAX_SUB_RECORDS), "JSON", "")).hasSize(DeAggregation.MAX_SUB_RECORDS);
        assertThat(split("{}".repeat(DeAggregation.MAX_SUB_RECORDS + 1), "JSON", "")).isNull();
        assertThat(split("x,".repeat(DeAggregation.MAX_SUB_RECORDS + 1), "DELIMITED", ",")).isNull();
    }
}

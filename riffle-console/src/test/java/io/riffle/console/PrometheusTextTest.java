package io.riffle.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsOneLabelOfOneFamilyAndLeavesTheRest() {
        String text = """
                # HELP riffle_kinesis_incoming_records_total Records stored (IncomingRecords).
                # TYPE riffle_kinesis_incoming_records_total counter
                riffle_kinesis_incoming_records_total{stream="orders"} 42
                riffle_kinesis_incoming_records_total{stream="a \\"quoted\\" name",shard="x"} 7.5
                riffle_kinesis_incoming_records_total_other{stream="orders"} 9
                riffle_kinesis_incoming_records_total{shard="only"} 3
                riffle_kinesis_incoming_bytes_total{stream="orders"} 1000
                """;
        assertThat(PrometheusText.samplesByLabel(text, "riffle_kinesis_incoming_records_total", "stream"))
                .isEqualTo(Map.of("orders", 42.0, "a \"quoted\" name", 7.5));
        assertThat(PrometheusText.samplesByLabel(text, "riffle_kinesis_incoming_bytes_total", "stream"))
                .isEqualTo(Map.of("orders", 1000.0));
        assertThat(PrometheusText.samplesByLabel(text, "missing", "stream")).isEmpty();
    }

    @Test
    void aLabelValueWithACommaOrBraceAndAnUnparseableValue() {
        String text = "m{stream=\"a,b}c\"} 1\nm{stream=\"bad\"} NaNx\n";
        assertThat(PrometheusText.samplesByLabel(text, "m", "stream")).isEqualTo(Map.of("a,b}c", 1.0));
    }
}

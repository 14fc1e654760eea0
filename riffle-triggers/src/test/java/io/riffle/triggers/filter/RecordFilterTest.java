package io.riffle.triggers.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.riffle.kinesis.source.StreamSource;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFilterTest {
    private static StreamSource.Record record(String key, String data) {
        return new StreamSource.Record("49590338271490256608559692538361571095921575989136588898", key,
                data.getBytes(StandardCharsets.UTF_8), 1_545_084_650_987L, 1);
    }

    @Test
    void noFiltersAcceptEverything() {
        assertThat(RecordFilter.of(null).accepts(record("k", "x"))).isTrue();
        assertThat(RecordFilter.of(List.of()).isAcceptingAll()).isTrue();
    }

    @Test
    void matchesJsonDataAsLambdasExampleDoes() {
        RecordFilter buys = RecordFilter.of(List.of("{\"data\": {\"order\": {\"type\": [\"buy\"]}}}"));
        assertThat(buys.accepts(record("1", "{\"record\": 12345, \"order\": {\"type\": \"buy\", \"stock\": \"ANYCO\"}}")))
                .isTrue();
        assertThat(buys.accepts(record("1", "{\"record\": 12346, \"order\": {\"type\": \"sell\"}}"))).isFalse();
        assertThat(buys.accepts(record("1", "order type buy"))).isFalse();
    }

    @Test
    void plainDataIsMatchedAsText() {
        RecordFilter errors = RecordFilter.of(List.of("{\"data\": [{\"prefix\": \"ERROR\"}]}"));
        assertThat(errors.accepts(record("k", "ERROR disk full"))).isTrue();
        assertThat(errors.accepts(record("k", "INFO ok"))).isFalse();
    }

    @Test
    void matchesMetadataFields() {
        RecordFilter byKey = RecordFilter.of(List.of("{\"partitionKey\": [{\"prefix\": \"player-\"}], "
                + "\"approximateArrivalTimestamp\": [{\"numeric\": [\">\", 1545084650.986]}], "
                + "\"kinesisSchemaVersion\": [\"1.0\"], \"sequenceNumber\": [{\"exists\": true}]}"));
        assertThat(byKey.accepts(record("player-7", "not json"))).isTrue();
        assertThat(byKey.accepts(record("team-7", "not json"))).isFalse();
    }

    @Test
    void filtersAreOred() {
        RecordFilter either = RecordFilter.of(List.of("{\"data\": {\"score\": [{\"numeric\": [\">=\", 100]}]}}",
                "{\"partitionKey\": [\"vip\"]}"));
        assertThat(either.accepts(record("p", "{\"score\": 150}"))).isTrue();
        assertThat(either.accepts(record("vip", "{\"score\": 1}"))).isTrue();
        assertThat(either.accepts(record("p", "{\"score\": 99}"))).isFalse();
    }

    @Test
    void refusesMoreThanFiveFiltersAndBadPatterns() {
        assertThat(RecordFilter.of(Collections.nCopies(5, "{\"a\": [1]}")).isAcceptingAll()).isFalse();
        assertThatThrownBy(() -> RecordFilter.of(Collections.nCopies(6, "{\"a\": [1]}")))
                .isInstanceOf(InvalidPatternException.class).hasMessageContaining("at most 5");
        assertThatThrownBy(() -> RecordFilter.of(List.of("{\"a\": [1]}", "{\"a\": 1}")))
                .isInstanceOf(InvalidPatternException.class);
    }
}

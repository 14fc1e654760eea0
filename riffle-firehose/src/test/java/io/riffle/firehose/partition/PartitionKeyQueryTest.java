package io.riffle.firehose.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import org.junit.jupiter.api.Test;

class PartitionKeyQueryTest {
    private static Map<String, String> keys(String query, String json) {
        return PartitionKeyQuery.compile(query).keys(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String jq(String expression, String input) throws Exception {
        return String.join(",", PartitionKeyQuery.run(expression, input));
    }

    @Test
    void theQuerysObjectGivesTheKeysInItsOrder() {
        assertThat(keys("{customer_id: .customer_id, device: .type.device, n: .n}",
                "{\"customer_id\":\"c-1\",\"type\":{\"device\":\"mobile\"},\"n\":7}"))
                .containsExactly(Map.entry("customer_id", "c-1"), Map.entry("device", "mobile"), Map.entry("n", "7"));
    }

    @Test
    void recordsWhoseKeysCannotBeExtractedHaveNone() {
        assertThat(keys("{c: .customer_id}", "not json")).isNull();
        assertThat(keys("{c: .customer_id}", "{\"other\":1}")).as("a null key").isNull();
        assertThat(keys("{c: .a}", "{\"a\":{\"b\":1}}")).as("an object key").isNull();
        assertThat(keys(".a", "{\"a\":\"x\"}")).as("not an object").isNull();
        assertThat(keys("{c: .a[]}", "{\"a\":[\"x\",\"y\"]}")).as("two outputs").isNull();
        assertThat(keys("{c: (.a | error(\"no\"))}", "{\"a\":1}")).isNull();
    }

    @Test
    void aMalformedQueryIsRefused() {
        assertThatThrownBy(() -> PartitionKeyQuery.compile("{c: .a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("MetadataExtractionQuery is not a valid JQ-1.6 expression: ");
    }

    @Test
    void awsDynamicPartitioningExamplesWork() {
        // the examples of Firehose's documentation: a year from epoch seconds, a date from an ISO string
        assertThat(keys("{year: .event_timestamp | strftime(\"%Y\"), month: .event_timestamp | strftime(\"%m\")}",
                "{\"event_timestamp\":1700000000}")).containsExactly(Map.entry("year", "2023"),
                Map.entry("month", "11"));
        assertThat(keys("{day: .ts | strptime(\"%Y-%m-%dT%H:%M:%SZ\") | strftime(\"%Y/%m/%d\")}",
                "{\"ts\":\"2024-02-29T23:59:59Z\"}")).containsExactly(Map.entry("day", "2024/02/29"));
    }

    @Test
    void jq16DateFunctionsGiveJqsOwnResults() throws Exception {
        // the values jq 1.6's manual gives
        assertThat(jq("strptime(\"%Y-%m-%dT%H:%M:%SZ\")", "\"2015-03-05T23:51:47Z\"")).isEqualTo("[2015,2,5,23,51,47,4,63]");
        assertThat(jq("strptime(\"%Y-%m-%dT%H:%M:%SZ\")|mktime", "\"2015-03-05T23:51:47Z\"")).isEqualTo("1425599507");
        assertThat(jq("fromdate", "\"2015-03-05T23:51:47Z\"")).isEqualTo("1425599507");
        assertThat(jq("todate", "1425599507")).isEqualTo("\"2015-03-05T23:51:47Z\"");
        assertThat(jq("date", "1425599507")).isEqualTo("\"2015-03-05T23:51:47Z\"");
        assertThat(jq("gmtime", "1425599507")).isEqualTo("[2015,2,5,23,51,47,4,63]");
        assertThat(jq("gmtime", "1425599507.25")).isEqualTo("[2015,2,5,23,51,47.25,4,63]");
        assertThat(jq("gmtime|todate", "1425599507")).isEqualTo("\"2015-03-05T23:51:47Z\"");
        assertThat(jq("strftime(\"%A, %B %d, %Y\")", "1435677542.822351")).isEqualTo("\"Tuesday, June 30, 2015\"");
        assertThat(jq("strftime(\"%j %a %b %e %I%p %y %C %u %w %s %Z %z %F %T %%\")", "0"))
                .isEqualTo("\"001 Thu Jan  1 12AM 70 19 4 4 0 UTC +0000 1970-01-01 00:00:00 %\"");
        assertThat(jq("strptime(\"%d %b %Y %H:%M\")|todate", "\"09 Aug 2021 07:05\"")).isEqualTo("\"2021-08-09T07:05:00Z\"");
        assertThat(jq("strptime(\"%s\")|mktime", "\"1700000000\"")).isEqualTo("1700000000");
        assertThat(jq("strptime(\"%F %T\")|mktime", "\"2015-03-05 23:51:47\"")).isEqualTo("1425599507");
        assertThat(jq("[.[]|todate]", "[0, 951782400]")).isEqualTo("[\"1970-01-01T00:00:00Z\",\"2000-02-29T00:00:00Z\"]");
        // fromdateiso8601 and now are jackson-jq's own
        assertThat(jq("fromdateiso8601", "\"2015-03-05T23:51:47Z\"")).isEqualTo("1425599507");
    }

    @Test
    void badDateInputsAreJqErrors() {
        assertThatThrownBy(() -> jq("strptime(\"%Y-%m-%d\")", "\"2015-03\"")).isInstanceOf(JsonQueryException.class)
                .hasMessage("date \"2015-03\" does not match format \"%Y-%m-%d\"");
        assertThatThrownBy(() -> jq("mktime", "\"x\"")).isInstanceOf(JsonQueryException.class)
                .hasMessage("mktime requires array of 6 numbers");
        assertThatThrownBy(() -> jq("gmtime", "\"x\"")).isInstanceOf(JsonQueryException.class)
                .hasMessage("gmtime() requires a number");
    }
}

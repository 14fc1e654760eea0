package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestRequestTest {

    private final RestRequest request = new RestRequest(Map.of("UUID", "u", "Version", "42"),
            Map.of("FunctionVersion", List.of("ALL"), "N", List.of("3", "4"), "B", List.of("true"),
                    "T", List.of("2026-12-04T05:00:00Z"), "Bad", List.of("x")),
            Map.of("X-Amz-Log-Type", "Tail", "X-Count", "9", "If-Modified-Since", "Fri, 04 Dec 2026 05:00:00 GMT"),
            new byte[0]);

    @Test
    void readsLabelsQueryAndHeadersTyped() {
        assertThat(request.label("UUID")).isEqualTo("u");
        assertThat(request.labelLong("Version")).isEqualTo(42L);
        assertThat(request.labelInteger("Version")).isEqualTo(42);
        assertThat(request.query("FunctionVersion")).isEqualTo("ALL");
        assertThat(request.queryInteger("N")).isEqualTo(3);
        assertThat(request.queryLong("N")).isEqualTo(3L);
        assertThat(request.queryList("N")).containsExactly("3", "4");
        assertThat(request.queryBoolean("B")).isTrue();
        assertThat(request.queryTimestamp("T")).isEqualTo(Instant.parse("2026-12-04T05:00:00Z"));
        assertThat(request.header("x-amz-log-type")).isEqualTo("Tail");
        assertThat(request.headerInteger("X-COUNT")).isEqualTo(9);
        assertThat(request.headerTimestamp("If-Modified-Since")).isEqualTo(Instant.parse("2026-12-04T05:00:00Z"));
        assertThat(request.query("Missing")).isNull();
        assertThat(request.queryList("Missing")).isNull();
        assertThat(request.headerBoolean("Missing")).isNull();
        assertThat(request.hasBody()).isFalse();
    }

    @Test
    void malformedValuesSayWhereTheyWere() {
        assertThatThrownBy(() -> request.queryBoolean("Bad")).hasMessage("'x' in query parameter Bad is not a boolean");
        assertThatThrownBy(() -> request.queryTimestamp("Bad")).isInstanceOf(RestRequest.MalformedValueException.class);
        assertThatThrownBy(() -> request.labelLong("UUID")).hasMessage("'u' in label UUID is not a long");
        assertThatThrownBy(() -> request.headerTimestamp("X-Amz-Log-Type")).hasMessage("'Tail' in header X-Amz-Log-Type is not an HTTP date");
    }
}

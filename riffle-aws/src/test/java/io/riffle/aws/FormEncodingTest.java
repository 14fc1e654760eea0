package io.riffle.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormEncodingTest {

    @Test
    void decodesPairsInOrderWithRepeatsPercentEscapesAndPlus() {
        Map<String, List<String>> form = FormEncoding.decode(
                "Action=AssumeRole&RoleSessionName=a+b%2Fc&Tags.member.1=x&Tags.member.1=y&Flag&&Empty=&%C3%A9=%E2%82%AC");
        assertThat(form).containsExactly(
                Map.entry("Action", List.of("AssumeRole")),
                Map.entry("RoleSessionName", List.of("a b/c")),
                Map.entry("Tags.member.1", List.of("x", "y")),
                Map.entry("Flag", List.of("")),
                Map.entry("Empty", List.of("")),
                Map.entry("é", List.of("€")));
        assertThat(FormEncoding.first(form, "Tags.member.1")).isEqualTo("x");
        assertThat(FormEncoding.first(form, "Missing")).isNull();
        assertThat(FormEncoding.decode("")).isEmpty();
        assertThat(FormEncoding.decode(null)).isEmpty();
    }

    @Test
    void aMalformedEscapeIsRefused() {
        assertThatThrownBy(() -> FormEncoding.decode("Action=%zz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodesWhatItDecodes() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("Action", List.of("GetCallerIdentity"));
        parameters.put("Name", List.of("a b/c&d=e", "é"));
        String form = FormEncoding.encode(parameters);
        assertThat(form).isEqualTo("Action=GetCallerIdentity&Name=a+b%2Fc%26d%3De&Name=%C3%A9");
        assertThat(FormEncoding.decode(form)).isEqualTo(parameters);
    }
}

package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UriTemplateTest {

    private static final Map<String, List<String>> NO_QUERY = Map.of();

    @Test
    void literalPathsMatchOnlyThemselves() {
        UriTemplate list = UriTemplate.parse("/2015-03-31/event-source-mappings");
        assertThat(list.match("/2015-03-31/event-source-mappings", NO_QUERY)).isEmpty();
        assertThat(list.match("/2015-03-31/event-source-mappings/", NO_QUERY)).isNull();
        assertThat(list.match("/2015-03-31/event-source-mappings/x", NO_QUERY)).isNull();
        assertThat(list.match("/2015-03-31", NO_QUERY)).isNull();
        assertThat(list.match("2015-03-31/event-source-mappings", NO_QUERY)).isNull();
        assertThat(list.match("/2015-03-31/event%2Dsource-mappings", NO_QUERY)).isEmpty();
        assertThat(list.labels()).isEmpty();
    }

    @Test
    void aLabelIsOneNonEmptySegmentPercentDecoded() {
        UriTemplate get = UriTemplate.parse("/2015-03-31/event-source-mappings/{UUID}");
        assertThat(get.labels()).containsExactly("UUID");
        assertThat(get.match("/2015-03-31/event-source-mappings/14e0db71-5d35-4eb5-b481-8945cf9d10c2", NO_QUERY))
                .containsExactly(Map.entry("UUID", "14e0db71-5d35-4eb5-b481-8945cf9d10c2"));
        assertThat(get.match("/2015-03-31/event-source-mappings/a%2Fb%20c+d%C3%A9", NO_QUERY))
                .containsExactly(Map.entry("UUID", "a/b c+dé"));
        assertThat(get.match("/2015-03-31/event-source-mappings/", NO_QUERY)).isNull();
        assertThat(get.match("/2015-03-31/event-source-mappings/a/b", NO_QUERY)).isNull();
        assertThat(get.match("/2015-03-31/event-source-mappings/a%zz", NO_QUERY)).isNull();
        assertThat(get.match("/2015-03-31/event-source-mappings/a%2", NO_QUERY)).isNull();
    }

    @Test
    void severalLabelsComeBackInPathOrder() {
        UriTemplate alias = UriTemplate.parse("/2015-03-31/functions/{FunctionName}/aliases/{Name}");
        assertThat(alias.match("/2015-03-31/functions/my-fn/aliases/live", NO_QUERY))
                .containsExactly(Map.entry("FunctionName", "my-fn"), Map.entry("Name", "live"));
        assertThat(alias.match("/2015-03-31/functions/my-fn/versions/live", NO_QUERY)).isNull();
    }

    @Test
    void aGreedyLabelTakesTheRestWithItsSlashes() {
        UriTemplate object = UriTemplate.parse("/{Bucket}/{Key+}");
        assertThat(object.match("/b/a/b%20c/d.txt", NO_QUERY))
                .containsExactly(Map.entry("Bucket", "b"), Map.entry("Key", "a/b c/d.txt"));
        assertThat(object.match("/b/k", NO_QUERY)).containsExactly(Map.entry("Bucket", "b"), Map.entry("Key", "k"));
        assertThat(object.match("/b", NO_QUERY)).isNull();
        assertThat(object.match("/b/a//c", NO_QUERY)).isNull();
        assertThat(object.expand(Map.of("Bucket", "b", "Key", "a/b c/ü.txt"))).isEqualTo("/b/a/b%20c/%C3%BC.txt");
    }

    @Test
    void aLiteralQueryMustBeInTheRequest() {
        UriTemplate listAll = UriTemplate.parse("/2019-09-30/functions/{FunctionName}/provisioned-concurrency?List=ALL");
        assertThat(listAll.requiredQuery()).containsExactly(Map.entry("List", "ALL"));
        String path = "/2019-09-30/functions/f/provisioned-concurrency";
        assertThat(listAll.match(path, Map.of("List", List.of("ALL"), "Marker", List.of("m"))))
                .containsExactly(Map.entry("FunctionName", "f"));
        assertThat(listAll.match(path, Map.of("List", List.of("SOME")))).isNull();
        assertThat(listAll.match(path, NO_QUERY)).isNull();

        UriTemplate bare = UriTemplate.parse("/{Bucket}?versioning");
        assertThat(bare.requiredQuery()).containsKey("versioning");
        assertThat(bare.match("/b", Map.of("versioning", List.of("")))).containsExactly(Map.entry("Bucket", "b"));
        assertThat(bare.match("/b", NO_QUERY)).isNull();
    }

    @Test
    void expandEncodesLabelsAsTheSdksDo() {
        UriTemplate get = UriTemplate.parse("/2015-03-31/event-source-mappings/{UUID}");
        assertThat(get.expand(Map.of("UUID", "a/b c~d.e_f-g+h"))).isEqualTo("/2015-03-31/event-source-mappings/a%2Fb%20c~d.e_f-g%2Bh");
        assertThat(get.match(get.expand(Map.of("UUID", "a/b c+é")), NO_QUERY)).containsEntry("UUID", "a/b c+é");
        assertThat(UriTemplate.parse("/2018-10-31/layers?find=LayerVersion").expand(Map.of()))
                .isEqualTo("/2018-10-31/layers?find=LayerVersion");
        assertThat(UriTemplate.parse("/").expand(Map.of())).isEqualTo("/");
        assertThat(UriTemplate.parse("/").match("/", NO_QUERY)).isEmpty();
        assertThatThrownBy(() -> get.expand(Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{UUID}");
        assertThatThrownBy(() -> get.expand(Map.of("UUID", ""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedTemplatesAreRefused() {
        for (String bad : List.of("no-slash", "/a//b", "/a/", "/a{b}", "/{a}x", "/{}", "/{Key+}/more", "/{a}/{a}")) {
            assertThatThrownBy(() -> UriTemplate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

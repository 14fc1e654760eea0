package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.wire.lambda.LambdaRestCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two Lambda operations can share a method and path and differ only by a literal query in their request URI
 * ({@code GET /2018-10-31/layers} is ListLayers, {@code GET /2018-10-31/layers?find=LayerVersion} is
 * GetLayerVersionByArn): a template's literal query must be in the request for the template to match.
 */
class LambdaRestRoutingTest {

    @Test
    void aLiteralQueryInTheTemplateTellsOperationsApart() {
        assertThat(LambdaRestCodec.operationFor("GET", "/2018-10-31/layers")).isEqualTo("ListLayers");
        assertThat(LambdaRestCodec.operationFor("GET", "/2018-10-31/layers", Map.of()))
                .isEqualTo("ListLayers");
        assertThat(LambdaRestCodec.operationFor("GET", "/2018-10-31/layers",
                Map.of("find", List.of("LayerVersion"), "Arn", List.of("arn:aws:lambda:us-east-1:000000000000:layer:l:1"))))
                .isEqualTo("GetLayerVersionByArn");
        assertThat(LambdaRestCodec.operationFor("GET", "/2018-10-31/layers", Map.of("find", List.of("other"))))
                .isEqualTo("ListLayers");

        String path = "/2019-09-30/functions/f/provisioned-concurrency";
        assertThat(LambdaRestCodec.operationFor("GET", path, Map.of("Qualifier", List.of("1"))))
                .isEqualTo("GetProvisionedConcurrencyConfig");
        assertThat(LambdaRestCodec.operationFor("GET", path, Map.of("List", List.of("ALL"))))
                .isEqualTo("ListProvisionedConcurrencyConfigs");
        assertThat(LambdaRestCodec.operationFor("GET", "/2015-03-31/event-source-mappings/u-1", Map.of()))
                .isEqualTo("GetEventSourceMapping");
    }

    @Test
    void labelsAreDecodedWholeCodePoints() {
        UriTemplate template = new UriTemplate("/2015-03-31/event-source-mappings/{UUID}");
        assertThat(template.match("/2015-03-31/event-source-mappings/a\uD83D\uDE00%F0%9F%98%80%20b+c"))
                .containsEntry("UUID", "a\uD83D\uDE00\uD83D\uDE00 b+c");
    }

    @Test
    void theTemplateKnowsItsLiteralQuery() {
        UriTemplate template = new UriTemplate("/2019-09-30/functions/{FunctionName}/provisioned-concurrency?List=ALL");
        assertThat(template.matchesQuery(Map.of("List", List.of("ALL")))).isTrue();
        assertThat(template.matchesQuery(Map.of("List", List.of("SOME")))).isFalse();
        assertThat(template.matchesQuery(Map.of())).isFalse();
        assertThat(new UriTemplate("/{Bucket}?versioning").matchesQuery(Map.of("versioning", List.of("")))).isTrue();
        assertThat(new UriTemplate("/2018-10-31/layers").matchesQuery(Map.of("find", List.of("x")))).isTrue();
    }
}

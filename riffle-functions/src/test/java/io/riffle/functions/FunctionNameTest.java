package io.riffle.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionNameTest {

    @Test
    void everyFormLambdaAcceptsGivesTheName() {
        assertThat(FunctionName.of("my-function")).contains("my-function");
        assertThat(FunctionName.of("my-function:v1")).contains("my-function");
        assertThat(FunctionName.of("my_function:$LATEST")).contains("my_function");
        assertThat(FunctionName.of("123456789012:function:my-function")).contains("my-function");
        assertThat(FunctionName.of("arn:aws:lambda:us-east-1:123456789012:function:my-function")).contains("my-function");
        assertThat(FunctionName.of("arn:aws:lambda:eu-west-2:123456789012:function:my-function:prod")).contains("my-function");
        assertThat(FunctionName.qualifier("arn:aws:lambda:eu-west-2:123456789012:function:my-function:prod")).isEqualTo("prod");
        assertThat(FunctionName.qualifier("my-function")).isNull();
    }

    @Test
    void otherTextIsNoFunction() {
        assertThat(FunctionName.of("")).isEmpty();
        assertThat(FunctionName.of("has space")).isEmpty();
        assertThat(FunctionName.of("arn:aws:kinesis:us-east-1:123456789012:stream/s")).isEmpty();
        assertThat(FunctionName.of("f".repeat(65))).isEmpty();
    }

    @Test
    void ownUrlWinsThenTheLambdaEndpointsInvokePath() {
        FunctionEndpoints endpoints = new FunctionEndpoints(Map.of("resize", URI.create("http://localhost:9000/2015-03-31/functions/function/invocations")),
                URI.create("https://lambda.us-east-1.amazonaws.com/"));
        assertThat(endpoints.resolve("arn:aws:lambda:us-east-1:123456789012:function:resize")).get()
                .isEqualTo(new FunctionEndpoints.Endpoint(URI.create("http://localhost:9000/2015-03-31/functions/function/invocations"), false));
        assertThat(endpoints.resolve("other:v2")).get().isEqualTo(new FunctionEndpoints.Endpoint(
                URI.create("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/other%3Av2/invocations"), true));
        assertThat(endpoints.resolve("arn:aws:lambda:us-east-1:123456789012:function:other").orElseThrow().invokeUrl())
                .hasToString("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/"
                        + "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aother/invocations");
    }

    @Test
    void withoutALambdaEndpointOnlyNamedFunctionsResolve() {
        FunctionEndpoints endpoints = new FunctionEndpoints(Map.of("a", URI.create("http://localhost:1/x")), null);
        assertThat(endpoints.resolve("a")).isPresent();
        assertThat(endpoints.resolve("b")).isEmpty();
        assertThat(endpoints.resolve("not a name")).isEmpty();
    }
}

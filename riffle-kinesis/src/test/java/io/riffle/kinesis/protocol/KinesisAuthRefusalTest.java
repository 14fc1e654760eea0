package io.riffle.kinesis.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.riffle.aws.AuthFailure;
import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A request the front door refused (auth=sigv4) reaches Kinesis, which answers the refusal at its
 * point of Kinesis' order: after a body that is not an object and an unknown operation, before
 * validation, in the request's own wire format.
 */
class KinesisAuthRefusalTest {
    private static final AuthFailure UNKNOWN_KEY = new AuthFailure("UnrecognizedClientException", 400,
            "The security token included in the request is invalid.");
    private static final String JSON = "application/x-amz-json-1.1";

    private final KinesisApi api = new KinesisApi();

    @Test
    void theRefusalIsAnsweredAfterTheBodyAndTargetChecksAndBeforeValidation() {
        api.register("ListStreams", request -> CompletableFuture.failedFuture(new AssertionError("must not run")));
        assertThat(api.answersAuthRefusals()).isTrue();
        assertThat(text(serve("Kinesis_20131202.ListStreams", JSON, "[]"))).isEqualTo(
                "{\"__type\":\"SerializationException\"}");
        assertThat(text(serve("Kinesis_20131202.Nope", JSON, "{}"))).isEqualTo("{\"__type\":\"UnknownOperationException\"}");
        AwsAnswer refused = serve("Kinesis_20131202.ListStreams", JSON, "{\"Limit\":\"not a number\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(text(refused)).isEqualTo("{\"__type\":\"UnrecognizedClientException\",\"message\":"
                + "\"The security token included in the request is invalid.\"}");
    }

    @Test
    void aCborRequestGetsACborRefusal() throws IOException {
        api.register("ListStreams", request -> CompletableFuture.failedFuture(new AssertionError("must not run")));
        byte[] body = new ObjectMapper(new CBORFactory()).writeValueAsBytes(Map.of());
        AwsRequest request = AwsRequest.of("POST", "/", Map.of("X-Amz-Target", "Kinesis_20131202.ListStreams",
                "Content-Type", "application/x-amz-cbor-1.1"), body).withAuthRefusal(new AuthFailure(
                "InvalidSignatureException", 400, "Credential should be scoped to correct service: 'kinesis'. "));
        AwsAnswer answer = api.serve(request).join();
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.headers().get("Content-Type")).isEqualTo("application/x-amz-cbor-1.1");
        Map<?, ?> error = new ObjectMapper(new CBORFactory()).readValue(bytes(answer), Map.class);
        assertThat(error).isEqualTo(Map.of("__type", "InvalidSignatureException",
                "message", "Credential should be scoped to correct service: 'kinesis'. "));
    }

    private AwsAnswer serve(String target, String contentType, String body) {
        return api.serve(AwsRequest.of("POST", "/", Map.of("X-Amz-Target", target, "Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8)).withAuthRefusal(UNKNOWN_KEY)).join();
    }

    private static byte[] bytes(AwsAnswer answer) {
        io.netty.buffer.ByteBuf buffer = ((AwsAnswer.Whole) answer.body()).bytes();
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), bytes);
        return bytes;
    }

    private static String text(AwsAnswer answer) {
        return new String(bytes(answer), StandardCharsets.UTF_8);
    }
}

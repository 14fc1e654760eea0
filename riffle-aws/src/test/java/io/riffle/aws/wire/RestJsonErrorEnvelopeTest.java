package io.riffle.aws.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ServiceException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/** restJson errors as Lambda writes them, and the AWS SDK v2's Lambda client as the oracle that reads them. */
class RestJsonErrorEnvelopeTest {

    @Test
    void writesTheTypeHeaderAndTheBodyInTheShapesSpelling() {
        RestJsonErrorEnvelope.Answer answer = RestJsonErrorEnvelope.encode(
                new AwsServiceException("ResourceNotFoundException", 404, "The resource you requested does not exist.", "Message"),
                Map.of());
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.headers()).containsEntry("x-amzn-ErrorType", "ResourceNotFoundException")
                .containsEntry("Content-Type", "application/json");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"Type\":\"User\",\"Message\":\"The resource you requested does not exist.\"}");
        assertThat(new String(RestJsonErrorEnvelope.encode(new AwsServiceException("ServiceException", 500, null), Map.of())
                .body(), StandardCharsets.UTF_8)).isEqualTo("{\"Type\":\"Service\"}");
    }

    @Test
    void theSdkReadsCodeMessageStatusAndBoundHeaders() {
        assertThatThrownBy(() -> callWith(new AwsServiceException("ResourceNotFoundException", 404,
                "Event source mapping \"u\" <&> not found.", "Message"), Map.of()))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Event source mapping \"u\" <&> not found.");
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.type()).isEqualTo("User");
                });
        assertThatThrownBy(() -> callWith(new AwsServiceException("InvalidParameterValueException", 400,
                "BatchSize must be at most 10000.", "message"), Map.of()))
                .isInstanceOfSatisfying(InvalidParameterValueException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("BatchSize must be at most 10000."));
        assertThatThrownBy(() -> callWith(new AwsServiceException("TooManyRequestsException", 429, "Rate exceeded", "message"),
                Map.of("Retry-After", "3")))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                    assertThat(e.retryAfterSeconds()).isEqualTo("3");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                });
        assertThatThrownBy(() -> callWith(new AwsServiceException("ServiceException", 500, "broken", "Message"), Map.of()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.type()).isEqualTo("Service"));
    }

    private static void callWith(AwsServiceException error, Map<String, String> headers) {
        RestJsonErrorEnvelope.Answer answer = RestJsonErrorEnvelope.encode(error, headers);
        ScriptedSdkHttpClient http = new ScriptedSdkHttpClient(
                sent -> new ScriptedSdkHttpClient.Answer(answer.status(), answer.headers(), answer.body()));
        try (LambdaClient lambda = LambdaClient.builder().httpClient(http).region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://riffle"))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"))).build()) {
            lambda.getEventSourceMapping(b -> b.uuid("u"));
        }
    }
}

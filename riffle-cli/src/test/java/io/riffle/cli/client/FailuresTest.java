package io.riffle.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

class FailuresTest {

    @Test
    void aServiceErrorShowsItsCodeAndMessage() {
        ResourceNotFoundException notFound = ResourceNotFoundException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
                        .errorMessage("Stream nope under account 000000000000 not found.").build())
                .build();

        assertThat(Failures.describe(new CompletionException(notFound), ClientOptions.DEFAULT_ENDPOINT))
                .isEqualTo(new Failures.Failure(1, "ResourceNotFoundException: Stream nope under account 000000000000 not found."));
    }

    @Test
    void anUnreachableEndpointSaysWhatToDo() {
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused"));

        assertThat(Failures.describe(new CompletionException(refused), "http://127.0.0.1:4567"))
                .isEqualTo(new Failures.Failure(1, "cannot reach http://127.0.0.1:4567: is `riffle server` running?"
                        + " (or pass --endpoint URL)"));
        assertThat(Failures.describe(refused, "http://10.0.0.9:4567").message())
                .isEqualTo("cannot reach http://10.0.0.9:4567: is the server running there, and is the address right?");
    }

    @Test
    void aPoolTimeoutAfterRefusedAttemptsIsStillUnreachable() {
        SdkClientException last = SdkClientException.create("Unable to execute HTTP request: Acquire operation took"
                + " longer than the configured maximum time.");
        last.addSuppressed(SdkClientException.create("Request attempt 1 failure: Unable to execute HTTP request",
                new ConnectException("Connection refused")));

        assertThat(Failures.describe(new CompletionException(last), "http://127.0.0.1:1").message())
                .startsWith("cannot reach http://127.0.0.1:1: ");
    }

    @Test
    void aPoolTimeoutWithNoRefusalInItIsUnreachableWhenTheEndpointRefusesConnections() {
        // what CliIT saw on a quiet machine: every attempt a pool timeout, no ConnectException anywhere
        SdkClientException timeout = SdkClientException.create("Unable to execute HTTP request: Acquire operation"
                + " took longer than the configured maximum time.");

        assertThat(Failures.describe(timeout, "http://127.0.0.1:1", () -> false).message())
                .startsWith("cannot reach http://127.0.0.1:1: ");
        assertThat(Failures.describe(timeout, "http://127.0.0.1:1", () -> true).message())
                .startsWith("talking to http://127.0.0.1:1 failed: Unable to execute HTTP request: Acquire");
    }

    @Test
    void reachabilityIsATcpConnect() throws Exception {
        try (java.net.ServerSocket listening = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            assertThat(Reachability.acceptsConnections("http://127.0.0.1:" + listening.getLocalPort())).isTrue();
        }
        assertThat(Reachability.acceptsConnections("http://127.0.0.1:1")).isFalse();
        assertThat(Reachability.acceptsConnections("aws")).isTrue();
    }

    @Test
    void missingCredentialsAndUsageMistakesAreExitCode2() {
        SdkClientException noCredentials = SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain");

        assertThat(Failures.describe(noCredentials, "https://kinesis.example").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Failures.describe(new UsageException("--shards must be at least 1"), "x"))
                .isEqualTo(new Failures.Failure(2, "--shards must be at least 1"));
    }
}

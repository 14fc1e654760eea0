package io.riffle.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.metrics.MetricsRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invoker against a real HTTP function server started in the test. */
class HttpFunctionInvokerTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-12-04T07:00:00Z"));
    private static final String INVOKE_PATH = "/2015-03-31/functions/function/invocations";

    private FunctionServer function;
    private MetricsRegistry metrics;
    private HttpFunctionInvoker invoker;

    @BeforeEach
    void start() throws Exception {
        function = new FunctionServer();
        metrics = new MetricsRegistry();
    }

    @AfterEach
    void stop() {
        if (invoker != null) {
            invoker.close();
        }
        function.close();
    }

    private HttpFunctionInvoker invoker(InvokerSettings settings) {
        invoker = new HttpFunctionInvoker(settings, metrics, CLOCK);
        return invoker;
    }

    private InvokerSettings ownUrl() {
        return InvokerSettings.of(Map.of("echo", function.url(INVOKE_PATH)), null);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void postsTheEventAndAnswersTheFunctionsResponse() throws Exception {
        function.answer(inv -> FunctionServer.Answer.ok("{\"got\":" + new String(inv.body(), StandardCharsets.UTF_8) + "}"));
        InvokeResult result = invoker(ownUrl()).invoke("arn:aws:lambda:us-east-1:123456789012:function:echo",
                utf8("{\"a\":1}")).get(10, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(InvokeResult.Status.SUCCESS);
        assertThat(result.payloadText()).isEqualTo("{\"got\":{\"a\":1}}");
        FunctionServer.Invocation sent = function.invocations.get(0);
        assertThat(sent.path()).isEqualTo(INVOKE_PATH);
        assertThat(sent.header("X-Amz-Invocation-Type")).isEqualTo("RequestResponse");
        assertThat(sent.header("Authorization")).as("a function's own URL is not signed").isNull();
        assertThat(metrics.render()).contains("riffle_function_invocations_total{function=\"echo\",outcome=\"success\"} 1");
    }

    @Test
    void functionErrorHeaderIsAFunctionError() throws Exception {
        function.answer(inv -> new FunctionServer.Answer(200, Map.of("X-Amz-Function-Error", "Unhandled"),
                utf8("{\"errorMessage\":\"boom\",\"errorType\":\"RuntimeException\"}")));
        InvokeResult result = invoker(ownUrl()).invoke("echo", utf8("{}")).get(10, TimeUnit.SECONDS);

        assertThat(result.status()).isEqualTo(InvokeResult.Status.FUNCTION_ERROR);
        assertThat(result.functionError()).isEqualTo("Unhandled");
        assertThat(result.payloadText()).contains("boom");
    }

    @Test
    void throttlingAndServerErrorsAreUnavailableOtherClientErrorsRejected() throws Exception {
        invoker(ownUrl());
        for (int status : new int[] {429, 500, 502, 503}) {
            function.answer(inv -> new FunctionServer.Answer(status, Map.of("x-amzn-ErrorType", "TooManyRequestsException"),
                    new byte[0]));
            InvokeResult result = invoker.invoke("echo", utf8("{}")).get(10, TimeUnit.SECONDS);
            assertThat(result.status()).as("HTTP " + status).isEqualTo(InvokeResult.Status.UNAVAILABLE);
            assertThat(result.httpStatus()).isEqualTo(status);
        }
        function.answer(inv -> new FunctionServer.Answer(404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException"),
                utf8("{\"Type\":\"User\",\"message\":\"Function not found\"}")));
        InvokeResult notFound = invoker.invoke("echo", utf8("{}")).get(10, TimeUnit.SECONDS);
        assertThat(notFound.status()).isEqualTo(InvokeResult.Status.REJECTED);
        assertThat(notFound.detail()).isEqualTo("HTTP 404 from the invoke endpoint: ResourceNotFoundException");
    }

    @Test
    void anUnresolvableFunctionIsNotSentAnywhere() throws Exception {
        InvokeResult result = invoker(ownUrl()).invoke("elsewhere", utf8("{}")).get(10, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(InvokeResult.Status.UNRESOLVED);
        assertThat(invoker.isResolvable("elsewhere")).isFalse();
        assertThat(invoker.isResolvable("123456789012:function:echo")).isTrue();
        assertThat(function.invocations).isEmpty();
    }

    @Test
    void payloadsOverTheLimitAreRefusedBothWays() throws Exception {
        invoker(ownUrl().withMaxPayloadBytes(100));
        InvokeResult tooLarge = invoker.invoke("echo", new byte[101]).get(10, TimeUnit.SECONDS);
        assertThat(tooLarge.status()).isEqualTo(InvokeResult.Status.REJECTED);
        assertThat(tooLarge.httpStatus()).isEqualTo(413);
        assertThat(tooLarge.detail()).isEqualTo("Request must be smaller than 100 bytes for the InvokeFunction operation");
        assertThat(function.invocations).as("nothing sent").isEmpty();

        function.answer(inv -> new FunctionServer.Answer(200, Map.of(), new byte[101]));
        InvokeResult answerTooLarge = invoker.invoke("echo", new byte[100]).get(10, TimeUnit.SECONDS);
        assertThat(answerTooLarge.status()).isEqualTo(InvokeResult.Status.FUNCTION_ERROR);
        assertThat(answerTooLarge.functionError()).isEqualTo("Unhandled");
        assertThat(answerTooLarge.payloadText()).contains("Function.ResponseSizeTooLarge");

        function.answer(inv -> new FunctionServer.Answer(200, Map.of(), new byte[100]));
        assertThat(invoker.invoke("echo", new byte[100]).get(10, TimeUnit.SECONDS).status())
                .as("exactly the limit passes").isEqualTo(InvokeResult.Status.SUCCESS);
    }

    @Test
    void aClosedPortIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        invoker(InvokerSettings.of(Map.of("gone", URI.create("http://127.0.0.1:" + port + INVOKE_PATH)), null));
        InvokeResult result = invoker.invoke("gone", utf8("{}")).get(30, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(InvokeResult.Status.UNAVAILABLE);
        assertThat(result.detail()).startsWith("cannot connect to http://127.0.0.1:" + port);
    }

    @Test
    void aFunctionSlowerThanTheTimeoutIsUnavailable() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        function.answer(inv -> {
            release.await(30, TimeUnit.SECONDS);
            return FunctionServer.Answer.ok("{}");
        });
        try {
            InvokeResult result = invoker(ownUrl().withInvokeTimeout(Duration.ofMillis(200)))
                    .invoke("echo", utf8("{}")).get(30, TimeUnit.SECONDS);
            assertThat(result.status()).isEqualTo(InvokeResult.Status.UNAVAILABLE);
            assertThat(result.detail()).contains("within 200 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void atMostTheLimitRunsAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch twoArrived = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        function.answer(inv -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            order.add(new String(inv.body(), StandardCharsets.UTF_8));
            twoArrived.countDown();
            release.await(30, TimeUnit.SECONDS);
            running.decrementAndGet();
            return FunctionServer.Answer.ok("{}");
        });
        invoker(ownUrl().withMaxConcurrencyPerFunction(2));
        List<CompletableFuture<InvokeResult>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(invoker.invoke("echo", utf8("{\"i\":" + i + "}")));
        }
        assertThat(twoArrived.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(metrics.render()).contains("riffle_function_invocations_running{function=\"echo\"} 2")
                .contains("riffle_function_invocations_waiting{function=\"echo\"} 4");
        release.countDown();
        for (CompletableFuture<InvokeResult> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS).status()).isEqualTo(InvokeResult.Status.SUCCESS);
        }
        assertThat(peak.get()).isEqualTo(2);
        assertThat(order).hasSize(6);
    }

    @Test
    void waitingOnesStartInArrivalOrder() throws Exception {
        // With one slot each invocation reaches the function only after the one before it answered, so the
        // function sees the invoker's queue order (with two slots, two requests race on the wire).
        CountDownLatch firstArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        function.answer(inv -> {
            order.add(new String(inv.body(), StandardCharsets.UTF_8));
            firstArrived.countDown();
            release.await(30, TimeUnit.SECONDS);
            return FunctionServer.Answer.ok("{}");
        });
        invoker(ownUrl().withMaxConcurrencyPerFunction(1));
        List<CompletableFuture<InvokeResult>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(invoker.invoke("echo", utf8("{\"i\":" + i + "}")));
        }
        assertThat(firstArrived.await(30, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        for (CompletableFuture<InvokeResult> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS).status()).isEqualTo(InvokeResult.Status.SUCCESS);
        }
        assertThat(order).containsExactly("{\"i\":0}", "{\"i\":1}", "{\"i\":2}", "{\"i\":3}", "{\"i\":4}");
    }

    @Test
    void closingAnswersTheWaitingOnesUnavailable() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        function.answer(inv -> {
            arrived.countDown();
            release.await(30, TimeUnit.SECONDS);
            return FunctionServer.Answer.ok("{}");
        });
        invoker(ownUrl().withMaxConcurrencyPerFunction(1));
        CompletableFuture<InvokeResult> first = invoker.invoke("echo", utf8("{}"));
        assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<InvokeResult> waiting = invoker.invoke("echo", utf8("{}"));
        invoker.close();
        release.countDown();
        assertThat(waiting.get(30, TimeUnit.SECONDS).detail()).isEqualTo("the function invoker is closed");
        assertThat(first.get(30, TimeUnit.SECONDS).status()).isIn(InvokeResult.Status.SUCCESS, InvokeResult.Status.UNAVAILABLE);
    }

    @Test
    void theLambdaEndpointGetsTheNameInItsPathSignedForLambda() throws Exception {
        InvokerSettings.Credentials credentials = new InvokerSettings.Credentials("AKIDEXAMPLE", "secret", null);
        invoker(InvokerSettings.of(Map.of(), function.url("")).withCredentials(credentials, "eu-west-1"));
        byte[] payload = utf8("{\"x\":1}");
        assertThat(invoker.invoke("arn:aws:lambda:eu-west-1:123456789012:function:f:prod", payload)
                .get(10, TimeUnit.SECONDS).status()).isEqualTo(InvokeResult.Status.SUCCESS);

        FunctionServer.Invocation sent = function.invocations.get(0);
        assertThat(sent.path()).isEqualTo("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Af%3Aprod/invocations");
        // the signature the server would compute from what arrived equals the one sent
        Map<String, String> expected = SigV4Signer.sign("POST", function.url(sent.path()),
                Map.of("Content-Type", "application/json", "X-Amz-Invocation-Type", "RequestResponse"), sent.body(),
                CLOCK.instant(), "eu-west-1", "lambda", credentials);
        assertThat(sent.header("Authorization")).isEqualTo(expected.get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261204/eu-west-1/lambda/aws4_request, ");
        assertThat(sent.header("Host")).isEqualTo(SigV4Signer.hostHeader(function.url("")));
    }
}

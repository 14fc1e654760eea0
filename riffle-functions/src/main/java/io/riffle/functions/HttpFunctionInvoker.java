package io.riffle.functions;

import io.riffle.aws.metrics.MetricsRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FunctionInvoker} over HTTP: the JDK's HTTP client (HTTP/1.1 keep-alive connections pooled per
 * endpoint), one {@link ConcurrencyLimit} per function name, SigV4 signing for the Lambda endpoint when credentials
 * are set, and Lambda's payload limits on both sides.
 *
 * <h2>The contract</h2>
 * <pre>
 *   POST {invoke URL}                       function.NAME.url, or LAMBDA/2015-03-31/functions/NAME/invocations
 *   X-Amz-Invocation-Type: RequestResponse
 *   Content-Type: application/json
 *   body: the event (JSON)
 *
 *   200, no X-Amz-Function-Error            SUCCESS, body = the function's response
 *   200, X-Amz-Function-Error: Unhandled    FUNCTION_ERROR, body = {"errorMessage", "errorType", ...}
 *   429, 5xx, no answer, timeout            UNAVAILABLE (Lambda's throttling and service errors: try again)
 *   other 4xx                               REJECTED (bad request, no such function, request too large)
 * </pre>
 *
 * <h2>Threads</h2>
 * The client's own small pool ({@code riffle-functions-N}) sends, receives and completes the futures; nothing here
 * blocks a caller's thread.
 */
public final class HttpFunctionInvoker implements FunctionInvoker {
    private static final Logger log = LoggerFactory.getLogger(HttpFunctionInvoker.class);
    static final String FUNCTION_ERROR_HEADER = "X-Amz-Function-Error";
    static final String INVOCATION_TYPE_HEADER = "X-Amz-Invocation-Type";

    private final InvokerSettings settings;
    private final FunctionEndpoints endpoints;
    private final InstantSource clock;
    private final ExecutorService pool;
    private final HttpClient client;
    private final Map<String, ConcurrencyLimit> limits = new ConcurrentHashMap<>();
    private final FunctionMetrics metrics;

    public HttpFunctionInvoker(InvokerSettings settings, MetricsRegistry metricsRegistry, InstantSource clock) {
        this.settings = settings;
        this.endpoints = new FunctionEndpoints(settings.functionUrls(), settings.lambdaEndpoint());
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "riffle-functions-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // the emulator and most function servers speak HTTP/1.1 only
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(pool)
                .build();
        this.metrics = new FunctionMetrics(metricsRegistry, () -> limits);
    }

    @Override
    public boolean isResolvable(String function) {
        return endpoints.resolve(function).isPresent();
    }

    @Override
    public CompletableFuture<InvokeResult> invoke(String function, byte[] payload) {
        Optional<FunctionEndpoints.Endpoint> endpoint = endpoints.resolve(function);
        String name = FunctionName.of(function).orElse(function);
        long startNanos = System.nanoTime();
        if (endpoint.isEmpty()) {
            return recorded(name, startNanos, payload.length, CompletableFuture.completedFuture(InvokeResult.failure(
                    InvokeResult.Status.UNRESOLVED, 0, "no function." + name + ".url or lambda-endpoint setting resolves "
                            + function)));
        }
        if (payload.length > settings.maxPayloadBytes()) {
            // Lambda's RequestTooLargeException (413), answered without sending anything
            return recorded(name, startNanos, payload.length, CompletableFuture.completedFuture(InvokeResult.failure(
                    InvokeResult.Status.REJECTED, 413, "Request must be smaller than " + settings.maxPayloadBytes()
                            + " bytes for the InvokeFunction operation")));
        }
        ConcurrencyLimit limit = limits.computeIfAbsent(name, n -> new ConcurrencyLimit(settings.maxConcurrencyPerFunction()));
        CompletableFuture<InvokeResult> result = limit.submit(() -> send(endpoint.get(), payload),
                () -> InvokeResult.failure(InvokeResult.Status.UNAVAILABLE, 0, "the function invoker is closed"));
        return recorded(name, startNanos, payload.length, result);
    }

    private CompletableFuture<InvokeResult> recorded(String name, long startNanos, int requestBytes,
                                                     CompletableFuture<InvokeResult> result) {
        return result.whenComplete((r, failure) -> {
            if (r != null) {
                metrics.record(name, r, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), requestBytes);
            }
        });
    }

    private CompletableFuture<InvokeResult> send(FunctionEndpoints.Endpoint endpoint, byte[] payload) {
        URI url = endpoint.invokeUrl();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(INVOCATION_TYPE_HEADER, "RequestResponse");
        if (endpoint.isLambdaApi() && settings.credentials() != null) {
            headers.putAll(SigV4Signer.sign("POST", url, Map.copyOf(headers), payload, clock.instant(),
                    settings.region(), "lambda", settings.credentials()));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(settings.invokeTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        headers.forEach(request::header);
        try {
            return client.sendAsync(request.build(), LimitedBody.handler(settings.maxPayloadBytes()))
                    .handle((response, failure) -> failure != null ? unreachable(url, failure) : answer(response));
        } catch (RuntimeException e) { // the client is closed, or a header the JDK refuses
            return CompletableFuture.completedFuture(unreachable(url, e));
        }
    }

    private InvokeResult answer(HttpResponse<LimitedBody> response) {
        int status = response.statusCode();
        LimitedBody body = response.body();
        String functionError = response.headers().firstValue(FUNCTION_ERROR_HEADER).orElse(null);
        if (status == 200 && body.isTooLarge()) {
            // what Lambda answers for a function whose response is over the limit
            String message = "Response payload size exceeded maximum allowed payload size (" + settings.maxPayloadBytes()
                    + " bytes).";
            return new InvokeResult(InvokeResult.Status.FUNCTION_ERROR, 200, "Unhandled",
                    ("{\"errorMessage\":\"" + message + "\",\"errorType\":\"Function.ResponseSizeTooLarge\"}")
                            .getBytes(StandardCharsets.UTF_8), message);
        }
        if (status == 200) {
            return functionError == null
                    ? new InvokeResult(InvokeResult.Status.SUCCESS, 200, null, body.bytes(), "")
                    : new InvokeResult(InvokeResult.Status.FUNCTION_ERROR, 200, functionError, body.bytes(),
                            "the function failed (" + functionError + ")");
        }
        String detail = "HTTP " + status + " from the invoke endpoint" + errorType(response);
        InvokeResult.Status outcome = status == 429 || status >= 500 ? InvokeResult.Status.UNAVAILABLE
                : InvokeResult.Status.REJECTED;
        return new InvokeResult(outcome, status, null, body.bytes(), detail);
    }

    private static String errorType(HttpResponse<?> response) {
        return response.headers().firstValue("x-amzn-ErrorType").map(t -> ": " + t).orElse("");
    }

    private InvokeResult unreachable(URI url, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        String detail;
        if (cause instanceof HttpTimeoutException) {
            detail = "no answer from " + url + " within " + (cause.getMessage() != null
                    && cause.getMessage().contains("connect") ? settings.connectTimeout() + " (connecting)"
                    : settings.invokeTimeout().toMillis() + " ms");
        } else if (cause instanceof ConnectException) {
            detail = "cannot connect to " + url;
        } else if (cause instanceof IOException) {
            detail = "the connection to " + url + " failed: " + cause;
        } else {
            detail = "cannot invoke " + url + ": " + cause;
            log.debug("invocation of {} failed", url, cause);
        }
        return InvokeResult.failure(InvokeResult.Status.UNAVAILABLE, 0, detail);
    }

    @Override
    public void close() {
        limits.values().forEach(ConcurrencyLimit::close);
        client.shutdownNow();
        pool.shutdownNow();
    }
}

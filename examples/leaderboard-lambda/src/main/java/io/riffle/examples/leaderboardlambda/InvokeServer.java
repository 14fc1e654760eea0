package io.riffle.examples.leaderboardlambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A handler served behind the Lambda invoke contract, which is all Riffle's triggers need of a function host:
 * {@code POST /2015-03-31/functions/<name>/invocations} with the event as the body, answered 200 with the handler's
 * result, or 200 with {@code X-Amz-Function-Error: Unhandled} and Lambda's {@code errorMessage}/{@code errorType}
 * document when the handler throws (the mapping then retries the batch). Point Riffle at it with
 * {@code --set lambda-endpoint=http://127.0.0.1:<port>} (every function) or {@code function.<name>.url}. Each
 * invocation runs on its own virtual thread: Riffle sends one batch per shard at a time.
 */
public final class InvokeServer implements AutoCloseable {
    private static final String INVOCATIONS = "/2015-03-31/functions/";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final RequestHandler<KinesisEvent, StreamsEventResponse> handler;

    private InvokeServer(HttpServer server, RequestHandler<KinesisEvent, StreamsEventResponse> handler) {
        this.server = server;
        this.handler = handler;
    }

    /** Serves {@code handler} on {@code address} (port 0: any free port, see {@link #endpoint()}). */
    public static InvokeServer start(InetSocketAddress address,
            RequestHandler<KinesisEvent, StreamsEventResponse> handler) throws IOException {
        InvokeServer invoke = new InvokeServer(HttpServer.create(address, 0), handler);
        invoke.server.createContext(INVOCATIONS, invoke::serve);
        invoke.server.setExecutor(invoke.threads);
        invoke.server.start();
        return invoke;
    }

    /** The Lambda endpoint to give Riffle's {@code lambda-endpoint} setting. */
    public URI endpoint() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/invocations")) {
                answer(exchange, 404, Map.of(), Map.of("message", "not an invocation: " + path));
                return;
            }
            KinesisEvent event = LambdaJson.MAPPER.readValue(body, KinesisEvent.class);
            Object result;
            try {
                result = handler.handleRequest(event, null);
            } catch (RuntimeException e) {
                answer(exchange, 200, Map.of("X-Amz-Function-Error", "Unhandled"), Map.of(
                        "errorMessage", String.valueOf(e.getMessage()), "errorType", e.getClass().getName()));
                return;
            }
            answer(exchange, 200, Map.of(), result);
        }
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, Object body)
            throws IOException {
        byte[] bytes = LambdaJson.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}

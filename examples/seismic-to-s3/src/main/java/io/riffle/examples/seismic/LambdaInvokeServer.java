package io.riffle.examples.seismic;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one Lambda handler behind the Lambda invoke contract ({@code POST /2015-03-31/functions/<name>/invocations},
 * the event as the JSON body, the handler's answer as the response), as AWS Lambda or the Runtime Interface Emulator
 * would: so Riffle (setting {@code function.<name>.url}) invokes the same handler a real deployment runs. A handler
 * that throws answers 200 with {@code X-Amz-Function-Error: Unhandled}, as Lambda does.
 */
public final class LambdaInvokeServer<I, O> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LambdaInvokeServer.class);
    private static final String PATH_PREFIX = "/2015-03-31/functions/";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String functionName;
    private final RequestHandler<I, O> handler;
    private final Class<I> eventType;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    public LambdaInvokeServer(String functionName, RequestHandler<I, O> handler, Class<I> eventType, String host,
            int port) throws IOException {
        this.functionName = functionName;
        this.handler = handler;
        this.eventType = eventType;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(threads);
        server.createContext(PATH_PREFIX, this::serve);
        server.start();
    }

    /** The URL Riffle's {@code function.<name>.url} setting takes. */
    public String invokeUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + PATH_PREFIX
                + functionName + "/invocations";
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST") || !path.endsWith("/invocations")) {
                answer(exchange, 404, Map.of("message", "No such route: " + path));
                return;
            }
            I event;
            try (InputStream in = exchange.getRequestBody()) {
                event = JSON.readValue(in, eventType);
            }
            Object result;
            try {
                result = handler.handleRequest(event, null); // this handler uses no Context
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", functionName, e.toString());
                exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
                result = Map.of("errorMessage", String.valueOf(e.getMessage()), "errorType", e.getClass().getName());
            }
            answer(exchange, 200, result);
        }
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

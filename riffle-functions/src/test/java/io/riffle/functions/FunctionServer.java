package io.riffle.functions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A function behind the Lambda invoke contract, in the test: records every request and answers by a handler. */
final class FunctionServer implements AutoCloseable {

    record Invocation(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer ok(String body) {
            return new Answer(200, Map.of(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    interface Handler {
        Answer handle(Invocation invocation) throws Exception;
    }

    private final HttpServer server;
    final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private volatile Handler handler = invocation -> Answer.ok("{}");

    FunctionServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
    }

    void answer(Handler h) {
        this.handler = h;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Invocation invocation = new Invocation(exchange.getRequestURI().getRawPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body);
            invocations.add(invocation);
            Answer answer;
            try {
                answer = handler.handle(invocation);
            } catch (Exception e) {
                answer = new Answer(500, Map.of(), new byte[0]);
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}

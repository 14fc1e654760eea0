package io.riffle.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A function behind the Lambda invoke contract, run by the test: records every event it is invoked with and
 * answers through a handler the test sets (default: success with an empty document). Its invoke URL goes into the
 * server's {@code function.<name>.url} setting.
 */
final class FunctionRecorder implements AutoCloseable {
    static final String INVOKE_PATH = "/2015-03-31/functions/function/invocations";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the function answers: a status, whether it is a function error, and a body. */
    record Answer(int status, String functionError, String body) {
        static Answer ok(String body) {
            return new Answer(200, null, body);
        }

        static Answer error(String message) {
            return new Answer(200, "Unhandled", "{\"errorMessage\":\"" + message + "\",\"errorType\":\"Error\"}");
        }
    }

    /** One invocation: the event and the answer given. */
    record Invocation(JsonNode event, Answer answer) {
        List<JsonNode> records() {
            List<JsonNode> out = new ArrayList<>();
            event.path("Records").forEach(out::add);
            return out;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Answer> handler = event -> Answer.ok("{}");

    FunctionRecorder() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext(INVOKE_PATH, this::serve);
        server.start();
    }

    String invokeUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + INVOKE_PATH;
    }

    void answer(Function<JsonNode, Answer> h) {
        this.handler = h;
    }

    /** The records of every invocation of events from {@code streamArn}, in invocation order. */
    List<JsonNode> recordsOf(String streamArn) {
        List<JsonNode> out = new ArrayList<>();
        for (Invocation i : invocations) {
            for (JsonNode r : i.records()) {
                if (r.path("eventSourceARN").asText().equals(streamArn)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    List<Invocation> invocationsOf(String streamArn) {
        return invocations.stream().filter(i -> !i.records().isEmpty()
                && i.records().get(0).path("eventSourceARN").asText().equals(streamArn)).toList();
    }

    static String data(JsonNode record) {
        return new String(java.util.Base64.getDecoder().decode(record.path("kinesis").path("data").asText()),
                StandardCharsets.UTF_8);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            JsonNode event = JSON.readTree(body);
            Answer answer;
            try {
                answer = handler.apply(event);
            } catch (RuntimeException e) {
                answer = Answer.error(e.toString());
            }
            invocations.add(new Invocation(event, answer));
            if (answer.functionError() != null) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", answer.functionError());
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

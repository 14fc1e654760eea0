package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The access log: off by default (no line), one line per answered request once its logger is at INFO. */
class AccessLogTest {

    @Test
    void oneLinePerAnsweredRequestWhenItsLoggerIsOn() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        access.addAppender(lines);
        try (HttpServer server = new HttpServer("127.0.0.1", 0, new FakeDispatcher().router());
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(5)).build()) {
            server.start();
            URI health = URI.create("http://127.0.0.1:" + server.port() + "/health?x=1");
            assertThat(client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);
            assertThat(AccessLog.isOn()).as("off by default (the tests' root level is WARN)").isFalse();

            access.setLevel(Level.INFO);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lines.list.isEmpty() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // written once the answer is on the wire
            }
            List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(messages).hasSize(1);
            assertThat(messages.get(0)).matches("127\\.0\\.0\\.1 \"GET /health\\?x=1 HTTP/1\\.1\" 200 "
                    + r.body().length() + " [0-9.]+ms - " + r.headers().firstValue("x-amzn-RequestId").orElseThrow());
            assertThat(lines.list.get(0).getKeyValuePairs()).extracting(kv -> kv.key)
                    .contains("client", "method", "target", "status", "bytes", "ms", "requestId");
        } finally {
            access.setLevel(null);
            access.detachAppender(lines);
        }
    }
}

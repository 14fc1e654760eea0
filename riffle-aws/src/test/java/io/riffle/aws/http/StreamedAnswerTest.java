package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.MessageSink;
import io.riffle.aws.MessageStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed answers over HTTP/1.1: chunked, in order, a producer held back while the client does not
 * read (buffering bounded by the sink's limit), the next request on the connection served after the
 * stream ends, and a stream cancelled when the client goes away.
 */
class StreamedAnswerTest {
    private static final int MESSAGE_BYTES = 64 * 1024;
    private static final int MESSAGES = 1024; // 64 MiB: more than socket buffers hold

    private final FakeDispatcher dispatcher = new FakeDispatcher();
    private HttpServer server;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = new HttpServer("127.0.0.1", 0, dispatcher.router());
        server.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Sends numbered messages while the sink is writable; waits for it otherwise. */
    private static final class NumberedMessages implements MessageStream {
        final AtomicInteger produced = new AtomicInteger();
        final AtomicLong peakBuffered = new AtomicLong();
        final AtomicBoolean isCancelled = new AtomicBoolean();
        final CountDownLatch cancelled = new CountDownLatch(1);
        final CountDownLatch heldBack = new CountDownLatch(1); // the sink said "not writable" once
        private final int count;
        private MessageSink sink;

        NumberedMessages(int count) {
            this.count = count;
        }

        @Override
        public void start(MessageSink sink) {
            this.sink = sink;
            CompletableFuture.runAsync(this::produce);
        }

        private void produce() {
            while (!isCancelled.get() && produced.get() < count) {
                if (!sink.isWritable()) {
                    heldBack.countDown();
                    sink.whenWritable(() -> CompletableFuture.runAsync(this::produce));
                    return;
                }
                byte[] message = new byte[MESSAGE_BYTES];
                message[0] = (byte) produced.get();
                sink.send(message);
                peakBuffered.accumulateAndGet(sink.bufferedBytes(), Math::max);
                produced.incrementAndGet();
            }
            if (produced.get() == count) {
                sink.end();
            }
        }

        @Override
        public void cancel() {
            isCancelled.set(true);
            cancelled.countDown();
        }
    }

    private HttpRequest post() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .header("X-Amz-Target", "Kinesis_20131202.SubscribeToShard")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    @Test
    void aClientThatDoesNotReadHoldsTheProducerBack() throws Exception {
        NumberedMessages stream = new NumberedMessages(MESSAGES);
        dispatcher.behaviour = call -> CompletableFuture.completedFuture(AwsAnswer.streamed("application/test", stream));
        HttpResponse<InputStream> response = client.send(post(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/test");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();

        // not reading: socket buffers fill, then the sink stops being writable
        assertThat(stream.heldBack.await(10, TimeUnit.SECONDS)).as("held back").isTrue();
        assertThat(stream.produced.get()).isLessThan(MESSAGES);
        assertThat(stream.peakBuffered.get()).isLessThanOrEqualTo(ChannelMessageSink.DEFAULT_LIMIT_BYTES + MESSAGE_BYTES);

        long total = 0;
        int expectedFirstByte = 0;
        byte[] buffer = new byte[MESSAGE_BYTES];
        try (InputStream body = response.body()) {
            while (true) {
                int n = body.readNBytes(buffer, 0, MESSAGE_BYTES);
                if (n == 0) {
                    break;
                }
                assertThat(n).isEqualTo(MESSAGE_BYTES);
                assertThat(buffer[0]).isEqualTo((byte) expectedFirstByte++);
                total += n;
            }
        }
        assertThat(total).isEqualTo((long) MESSAGES * MESSAGE_BYTES);
        assertThat(stream.peakBuffered.get()).isLessThanOrEqualTo(ChannelMessageSink.DEFAULT_LIMIT_BYTES + MESSAGE_BYTES);

        dispatcher.behaviour = FakeDispatcher::echo; // the connection serves the next request
        HttpResponse<String> next = client.send(post(), HttpResponse.BodyHandlers.ofString());
        assertThat(next.body()).isEqualTo("{}");
    }

    @Test
    void aClientThatGoesAwayCancelsTheStream() throws Exception {
        NumberedMessages stream = new NumberedMessages(Integer.MAX_VALUE);
        dispatcher.behaviour = call -> CompletableFuture.completedFuture(AwsAnswer.streamed("application/test", stream));
        HttpResponse<InputStream> response = client.send(post(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().readNBytes(MESSAGE_BYTES);
        response.body().close(); // the JDK client closes the connection of an unfinished body
        assertThat(stream.cancelled.await(10, TimeUnit.SECONDS)).as("cancelled").isTrue();
    }
}

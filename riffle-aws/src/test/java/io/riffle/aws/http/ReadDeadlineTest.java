package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which deadline runs when, on an embedded channel whose clock the test moves. */
class ReadDeadlineTest {
    private static final long HEADER_MS = 1_000;
    private static final long BODY_MS = 5_000;

    private final ScheduledExecutorService summaries = Executors.newSingleThreadScheduledExecutor();
    private final ClientProblems problems = new ClientProblems(summaries, 3_600_000);
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ReadDeadline deadline;

    ReadDeadlineTest() {
        // The embedded loop's clock is the real one plus what advance() adds, unless frozen: under load, a
        // millisecond passing between read() and advance() fired a deadline early.
        channel.freezeTime();
        ReadDeadline.installOnConnection(channel, new ReadDeadline.Timeouts(HEADER_MS, BODY_MS, problems));
        deadline = ReadDeadline.of(channel);
    }

    @AfterEach
    void stop() {
        channel.finishAndReleaseAll();
        summaries.shutdownNow();
    }

    @Test
    void aNewConnectionHasNoDeadlineUntilItsFirstByte() {
        advance(HEADER_MS * 100);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void theFirstByteStartsTheHeaderDeadline() {
        read("P");
        advance(HEADER_MS - 1);
        assertThat(channel.isOpen()).isTrue();
        advance(1);
        assertThat(channel.isOpen()).isFalse();
        assertThat(problems.total(ClientProblems.Cause.HEADER_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void moreBytesOfTheSameHeadDoNotPushTheDeadlineBack() {
        read("P");
        advance(HEADER_MS / 2);
        read("O");
        advance(HEADER_MS / 2);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aHeadStartsTheBodyDeadlineInstead() {
        read("POST / HTTP/1.1\r\n\r\n");
        deadline.headArrived();
        advance(BODY_MS - 1);
        assertThat(channel.isOpen()).isTrue();
        advance(1);
        assertThat(channel.isOpen()).isFalse();
        assertThat(problems.total(ClientProblems.Cause.BODY_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void aCompleteRequestStopsTheDeadlinesUntilTheNextOneStarts() {
        read("POST / HTTP/1.1\r\n\r\n{}");
        deadline.headArrived();
        deadline.requestComplete();
        advance(BODY_MS * 100); // the server answering, or an idle connection: the idle timeout's business
        assertThat(channel.isOpen()).isTrue();
        read("G");
        advance(HEADER_MS);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void http2HasThePrefaceDeadlineUntilItsSettingsThenNoneForItsBytes() {
        read("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        deadline.http2Chosen();
        deadline.http2SettingsArrived();
        read("frames");
        advance(BODY_MS * 100);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void http2WithoutSettingsIsClosedAtThePrefaceDeadline() {
        read("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        deadline.http2Chosen();
        advance(HEADER_MS);
        assertThat(channel.isOpen()).isFalse();
        assertThat(problems.total(ClientProblems.Cause.HTTP2_PREFACE_TIMEOUT)).isEqualTo(1);
    }

    private void read(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
        channel.releaseInbound();
    }

    private void advance(long ms) {
        channel.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }
}

package io.riffle.aws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a service answers: the HTTP status, headers (the front door adds {@code x-amzn-RequestId},
 * {@code Content-Length} and CORS headers) and a body, either whole or streamed (an event stream:
 * the headers go out at once, then each message as it is produced, until the stream ends).
 * A whole body's buffer passes to the HTTP layer, which releases it once written.
 */
public record AwsAnswer(int status, HttpHeaders headers, Body body) {

    public AwsAnswer {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** A body sent whole, or one sent as it is produced. */
    public sealed interface Body permits Whole, Streamed {
    }

    /** The whole body, {@code bytes} (may be empty). */
    public record Whole(ByteBuf bytes) implements Body {
        public Whole {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** A body of messages produced over time (an event stream); the answer ends when the stream ends its sink. */
    public record Streamed(MessageStream stream) implements Body {
        public Streamed {
            Objects.requireNonNull(stream, "stream");
        }
    }

    /** A whole answer of {@code body} with {@code contentType}. */
    public static AwsAnswer of(int status, String contentType, byte[] body) {
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return new AwsAnswer(status, headers, new Whole(Unpooled.wrappedBuffer(body)));
    }

    /** A whole answer of the UTF-8 text {@code body} with {@code contentType}. */
    public static AwsAnswer of(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** An answer without a body. */
    public static AwsAnswer empty(int status) {
        return new AwsAnswer(status, new DefaultHttpHeaders(), new Whole(Unpooled.EMPTY_BUFFER));
    }

    /** A 200 whose body is the messages of {@code stream}, sent as they come. */
    public static AwsAnswer streamed(String contentType, MessageStream stream) {
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return new AwsAnswer(200, headers, new Streamed(stream));
    }

    public boolean isStreamed() {
        return body instanceof Streamed;
    }

    /** The whole body as UTF-8 text (tests, logs); fails for a streamed answer. */
    public String bodyText() {
        if (body instanceof Whole whole) {
            return whole.bytes().toString(StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("a streamed answer has no whole body");
    }
}

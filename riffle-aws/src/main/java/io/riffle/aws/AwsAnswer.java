package io.riffle.aws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * What a service answers: the HTTP status, headers (the front door adds {@code x-amzn-RequestId},
 * {@code Content-Length} and CORS headers) and a body, either whole or streamed (an event stream:
 * the headers go out at once, then each chunk as it is published, until the publisher completes).
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

    /** A body of chunks published as they come; the answer ends when the publisher completes. */
    public record Streamed(Flow.Publisher<ByteBuf> chunks) implements Body {
        public Streamed {
            Objects.requireNonNull(chunks, "chunks");
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

    /** A 200 whose body is {@code chunks}, sent as they are published. */
    public static AwsAnswer streamed(String contentType, Flow.Publisher<ByteBuf> chunks) {
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return new AwsAnswer(200, headers, new Streamed(chunks));
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

package io.riffle.kinesis.protocol;

import io.riffle.aws.MessageStream;

/**
 * What the HTTP layer sends back: status, content type and either body bytes or, for a streamed
 * answer (SubscribeToShard's event stream), a {@link MessageStream} whose messages follow the headers.
 */
public record ApiAnswer(int status, String contentType, byte[] body, MessageStream stream) {

    public ApiAnswer(int status, String contentType, byte[] body) {
        this(status, contentType, body, null);
    }

    /** A 200 whose body is the messages of {@code stream}, sent as they come. */
    public static ApiAnswer streamed(String contentType, MessageStream stream) {
        return new ApiAnswer(200, contentType, null, stream);
    }

    public boolean isStreamed() {
        return stream != null;
    }
}

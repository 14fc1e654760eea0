package io.riffle.kinesis.protocol;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * One API request as the HTTP layer hands it over: the {@code X-Amz-Target} header, the body's
 * content type, the raw body, and the headers the protocol needs (Authorization, X-Amz-Date...),
 * keyed in lower case.
 *
 * @param answering where the answer is built and encoded when the operation completes on another
 *     thread: the request's own connection's event loop, so that no single thread (storage's
 *     acknowledging thread, say) encodes the answers of the whole node
 */
public record ApiCall(String target, String contentType, byte[] body, Map<String, String> headers,
                      String requestId, Executor answering) {

    /** A call answered on whatever thread completes its operation. */
    public ApiCall(String target, String contentType, byte[] body, Map<String, String> headers, String requestId) {
        this(target, contentType, body, headers, requestId, Runnable::run);
    }
}

package io.riffle.server.protocol;

import java.util.Map;

/**
 * One API request as the HTTP layer hands it over: the {@code X-Amz-Target} header, the body's
 * content type, the raw body, and the headers the protocol needs (Authorization, X-Amz-Date...),
 * keyed in lower case.
 */
public record ApiCall(String target, String contentType, byte[] body, Map<String, String> headers,
                      String requestId) {
}

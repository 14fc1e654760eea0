package io.riffle.aws.wire;

import java.util.Map;

/**
 * A restJson answer as an operation's generated writer makes it: the status (the operation's
 * {@code responseCode}, or a member bound to the status code), the headers output members are bound to, and
 * the body (the output's body members as JSON, or its payload member's bytes).
 */
public record RestResponse(int status, Map<String, String> headers, String contentType, byte[] body) {
    public RestResponse {
        headers = Map.copyOf(headers);
    }
}

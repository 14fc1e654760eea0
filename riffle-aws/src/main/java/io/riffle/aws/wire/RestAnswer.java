package io.riffle.aws.wire;

import java.util.Map;

/** A restJson answer: status, headers, body. */
public record RestAnswer(int status, Map<String, String> headers, byte[] body) {
    public RestAnswer {
        headers = Map.copyOf(headers);
    }
}

package io.riffle.aws.wire;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A restJson request as the generated {@code <S>RestCodec} reads it: method, path (still percent-encoded),
 * query parameters (decoded; a name may repeat), headers (names in any case) and the body.
 */
public record RestRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                          byte[] body) {
    public RestRequest {
        query = Map.copyOf(query);
        Map<String, String> lower = new java.util.HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String queryFirst(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

package io.riffle.aws;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded}, the body of the AWS query protocol (STS, IAM, SNS,
 * SQS's older form): {@code name=value} pairs joined by {@code &}, UTF-8 percent-encoded, {@code +}
 * for a space. A name without {@code =} has the value "". Order is kept; a repeated name collects
 * its values in order.
 */
public final class FormEncoding {

    private FormEncoding() {
    }

    /**
     * The parameters of {@code form}.
     *
     * @throws IllegalArgumentException for a malformed percent escape
     */
    public static Map<String, List<String>> decode(String form) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return parameters;
        }
        for (String pair : form.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, key -> new ArrayList<>(1)).add(value);
        }
        return parameters;
    }

    /** {@code parameters} as a form, in their order. */
    public static String encode(Map<String, List<String>> parameters) {
        StringBuilder form = new StringBuilder();
        parameters.forEach((name, values) -> {
            for (String value : values) {
                if (!form.isEmpty()) {
                    form.append('&');
                }
                form.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return form.toString();
    }

    /** The first value of {@code name} in {@code parameters}, or null. */
    public static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The items of query-protocol list {@code list} in order ({@code LIST.member.1.FIELD}, {@code .2}, ... up to
     * the first gap), each item's {@code field}; {@code field} null reads items that are plain values.
     */
    public static List<String> members(Map<String, List<String>> parameters, String list, String field) {
        List<String> items = new ArrayList<>();
        for (int i = 1; ; i++) {
            String item = first(parameters, list + ".member." + i + (field == null ? "" : "." + field));
            if (item == null) {
                return items;
            }
            items.add(item);
        }
    }
}

package io.riffle.aws.wire;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;

/**
 * The decoded form of an awsQuery request ({@code Action=AssumeRole&RoleArn=...&PolicyArns.member.1.arn=...}),
 * read by the generated {@code <S>QueryCodec}: keys are dotted paths, list items {@code .member.N} (1-based),
 * map entries {@code .entry.N.key}/{@code .value}; scalars are text (timestamps ISO 8601, blobs base64).
 * A value that does not parse is a {@code MalformedInput} (see {@link #malformed}).
 */
public final class QueryInput {
    private final Map<String, String> form;

    public QueryInput(Map<String, String> form) {
        this.form = Map.copyOf(form);
    }

    public boolean has(String key) {
        return form.containsKey(key);
    }

    /** Whether any key lies under {@code prefix} (a structure or list item with members). */
    public boolean hasUnder(String prefix) {
        String dotted = prefix + ".";
        for (String key : form.keySet()) {
            if (key.startsWith(dotted)) {
                return true;
            }
        }
        return false;
    }

    public String string(String key) {
        return form.get(key);
    }

    public Integer integer(String key) {
        String v = form.get(key);
        try {
            return v == null ? null : Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw malformed(key, v);
        }
    }

    public Long longValue(String key) {
        String v = form.get(key);
        try {
            return v == null ? null : Long.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw malformed(key, v);
        }
    }

    public Double doubleValue(String key) {
        String v = form.get(key);
        try {
            return v == null ? null : new BigDecimal(v.trim()).doubleValue();
        } catch (NumberFormatException e) {
            throw malformed(key, v);
        }
    }

    public Float floatValue(String key) {
        Double d = doubleValue(key);
        return d == null ? null : d.floatValue();
    }

    public Boolean booleanValue(String key) {
        String v = form.get(key);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw malformed(key, v);
        };
    }

    public Instant timestamp(String key) {
        String v = form.get(key);
        try {
            return v == null ? null : Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw malformed(key, v);
        }
    }

    public Blob blob(String key) {
        String v = form.get(key);
        try {
            return v == null ? null : Blob.wrap(Base64.getDecoder().decode(v));
        } catch (IllegalArgumentException e) {
            throw malformed(key, v);
        }
    }

    /**
     * A parameter whose text is not of its type. The text follows the query services' wording for a value
     * that does not convert ({@code MalformedInput}, 400); not yet checked against STS or IAM themselves.
     */
    static AwsServiceException malformed(String key, String value) {
        return new AwsServiceException("MalformedInput", 400, "Invalid value '" + value + "' for parameter " + key);
    }
}

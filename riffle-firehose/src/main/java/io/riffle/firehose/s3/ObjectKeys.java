package io.riffle.firehose.s3;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Firehose's S3 object keys, pure: {@code <prefix><file name>} where
 * <pre>
 *   prefix     the configured Prefix with its expressions evaluated; when it has no !{timestamp:...}
 *              expression, "yyyy/MM/dd/HH/" is appended (evaluated like !{timestamp:yyyy/MM/dd/HH/})
 *   file name  <stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid><extension>
 * </pre>
 * Expressions: {@code !{timestamp:<java.time pattern>}}, {@code !{firehose:random-string}} (11
 * characters), {@code !{firehose:error-output-type}} (error prefix only), {@code !{partitionKeyFromQuery:k}} and
 * {@code !{partitionKeyFromLambda:k}} (Prefix only, with dynamic partitioning). Times are the approximate
 * arrival time of the object's oldest record, in the destination's time zone (UTC unless
 * CustomTimeZone); everything here comes from the object's persisted contents and plan, so a retry
 * computes the same key.
 */
public final class ObjectKeys {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss", Locale.ROOT);
    private static final String DEFAULT_TIME_PREFIX = "yyyy/MM/dd/HH/";
    private static final String RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    public static final String QUERY_KEY = "partitionKeyFromQuery";
    public static final String LAMBDA_KEY = "partitionKeyFromLambda";

    private ObjectKeys() {
    }

    /** One {@code !{namespace:argument}} of a prefix, or a literal run between them (namespace null). */
    public record Part(String namespace, String argument, String literal) {
    }

    /**
     * Splits a prefix into literals and expressions; a malformed or unknown expression is an
     * {@link IllegalArgumentException} whose message is the InvalidArgumentException's.
     *
     * @param isErrorPrefix whether {@code !{firehose:error-output-type}} is allowed (ErrorOutputPrefix only)
     */
    public static List<Part> parse(String prefix, String field, boolean isErrorPrefix) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        String text = prefix == null ? "" : prefix;
        while (i < text.length()) {
            int start = text.indexOf("!{", i);
            if (start < 0) {
                parts.add(new Part(null, null, text.substring(i)));
                break;
            }
            if (start > i) {
                parts.add(new Part(null, null, text.substring(i, start)));
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("The expression starting at position " + start + " of " + field
                        + " is not closed with '}'.");
            }
            String body = text.substring(start + 2, end);
            int colon = body.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("Invalid expression '!{" + body + "}' in " + field
                        + ": expected !{namespace:value}.");
            }
            String namespace = body.substring(0, colon);
            String argument = body.substring(colon + 1);
            switch (namespace) {
                case "timestamp" -> {
                    try {
                        DateTimeFormatter.ofPattern(argument, Locale.ROOT);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("Invalid timestamp format '" + argument + "' in " + field
                                + ": " + e.getMessage());
                    }
                    if (argument.isEmpty()) {
                        throw new IllegalArgumentException("The timestamp expression in " + field + " has no format.");
                    }
                }
                case "firehose" -> {
                    if (argument.equals("error-output-type")) {
                        if (!isErrorPrefix) {
                            throw new IllegalArgumentException("The expression !{firehose:error-output-type} is only"
                                    + " allowed in ErrorOutputPrefix.");
                        }
                    } else if (!argument.equals("random-string")) {
                        throw new IllegalArgumentException("Unknown firehose expression '!{firehose:" + argument
                                + "}' in " + field + ": expected random-string or error-output-type.");
                    }
                }
                case QUERY_KEY, LAMBDA_KEY -> {
                    if (argument.isEmpty() || isErrorPrefix) {
                        throw new IllegalArgumentException(isErrorPrefix ? "Dynamic Partitioning Namespaces cannot be"
                                + " part of ErrorOutputPrefix." : "The " + namespace + " expression in " + field
                                + " has no key name.");
                    }
                }
                default -> throw new IllegalArgumentException("Unknown expression namespace '" + namespace + "' in "
                        + field + ": expected timestamp, firehose, partitionKeyFromQuery or partitionKeyFromLambda.");
            }
            parts.add(new Part(namespace, argument, null));
            i = end + 1;
        }
        return parts;
    }

    /** The dynamic partitioning keys a prefix uses, as {@code namespace:key} (e.g. partitionKeyFromQuery:customer). */
    public static List<String> partitionKeys(String prefix) {
        List<String> keys = new ArrayList<>();
        for (Part part : parse(prefix, "Prefix", false)) {
            if (QUERY_KEY.equals(part.namespace()) || LAMBDA_KEY.equals(part.namespace())) {
                keys.add(part.namespace() + ":" + part.argument());
            }
        }
        return keys;
    }

    public static boolean hasExpressions(String prefix) {
        return prefix != null && prefix.contains("!{");
    }

    /**
     * Evaluates a prefix for an object.
     *
     * @param errorOutputType the value of {@code !{firehose:error-output-type}} (error prefix), else null
     * @param seed            where the random strings come from (derived from the object's plan)
     */
    public static String prefix(String prefix, String field, boolean isErrorPrefix, Instant oldestArrival,
                                ZoneId zone, String errorOutputType, long seed) {
        return prefix(prefix, field, isErrorPrefix, oldestArrival, zone, errorOutputType, seed, null);
    }

    /**
     * Evaluates a prefix for an object of one dynamic partition.
     *
     * @param partitionKeys the partition's values by {@code namespace:key}; a key the prefix uses must be there.
     *                      Null when planning an object: the partition expressions evaluate to nothing then (each
     *                      partition's prefix is evaluated at upload; the planned key gives the file name)
     */
    public static String prefix(String prefix, String field, boolean isErrorPrefix, Instant oldestArrival,
                                ZoneId zone, String errorOutputType, long seed, Map<String, String> partitionKeys) {
        List<Part> parts = parse(prefix, field, isErrorPrefix);
        StringBuilder out = new StringBuilder();
        boolean hasTimestamp = false;
        Random random = new Random(seed);
        for (Part part : parts) {
            if (part.namespace() == null) {
                out.append(part.literal());
            } else if (part.namespace().equals("timestamp")) {
                hasTimestamp = true;
                out.append(DateTimeFormatter.ofPattern(part.argument(), Locale.ROOT).withZone(zone).format(oldestArrival));
            } else if (QUERY_KEY.equals(part.namespace()) || LAMBDA_KEY.equals(part.namespace())) {
                String value = partitionKeys == null ? "" : partitionKeys.get(part.namespace() + ":" + part.argument());
                if (value == null) {
                    throw new IllegalArgumentException("no value for !{" + part.namespace() + ":" + part.argument()
                            + "}");
                }
                out.append(value);
            } else if (part.argument().equals("random-string")) {
                for (int k = 0; k < 11; k++) {
                    out.append(RANDOM_ALPHABET.charAt(random.nextInt(RANDOM_ALPHABET.length())));
                }
            } else {
                out.append(errorOutputType);
            }
        }
        if (!hasTimestamp) {
            out.append(DateTimeFormatter.ofPattern(DEFAULT_TIME_PREFIX, Locale.ROOT).withZone(zone).format(oldestArrival));
        }
        return out.toString();
    }

    /** {@code <stream>-<version>-yyyy-MM-dd-HH-mm-ss-<uuid><extension>}. */
    public static String fileName(String streamName, long versionId, Instant oldestArrival, ZoneId zone, String uuid,
                                  String extension) {
        return streamName + "-" + versionId + "-" + FILE_TIME.withZone(zone).format(oldestArrival) + "-" + uuid
                + (extension == null ? "" : extension);
    }

    /** The extension: FileExtension when set, else the compression's. */
    public static String extension(String fileExtension, Compression compression) {
        return fileExtension != null && !fileExtension.isEmpty() ? fileExtension : compression.extension();
    }

    /** CustomTimeZone (empty or absent: UTC); an unknown zone is an IllegalArgumentException. */
    public static ZoneId zone(String customTimeZone) {
        if (customTimeZone == null || customTimeZone.isEmpty()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(customTimeZone);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("CustomTimeZone '" + customTimeZone + "' is not a valid time zone.");
        }
    }
}

package io.riffle.cli.tail;

import io.riffle.cli.client.UsageException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Where {@code riffle tail --from} starts: {@code latest}, {@code trim-horizon} (the oldest record
 * kept), a sequence number ({@code AT_SEQUENCE_NUMBER}, one shard), a time ({@code AT_TIMESTAMP}:
 * ISO-8601 such as {@code 2026-12-04T07:00:00Z}, or an age such as {@code 10m}, {@code 2h},
 * {@code 1d}, {@code 90s} ago). Pure: "now" is passed in.
 */
public record StartingPoint(ShardIteratorType type, String sequenceNumber, Instant timestamp) {

    private static final Pattern AGO = Pattern.compile("-?(\\d+)(ms|s|m|h|d)(?:\\s*ago)?");
    private static final Pattern SEQUENCE = Pattern.compile("\\d{10,}");

    public static StartingPoint latest() {
        return new StartingPoint(ShardIteratorType.LATEST, null, null);
    }

    public static StartingPoint trimHorizon() {
        return new StartingPoint(ShardIteratorType.TRIM_HORIZON, null, null);
    }

    public static StartingPoint at(Instant timestamp) {
        return new StartingPoint(ShardIteratorType.AT_TIMESTAMP, null, timestamp);
    }

    public static StartingPoint afterSequence(String sequenceNumber) {
        return new StartingPoint(ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
    }

    public static StartingPoint parse(String text, Instant now) {
        String value = text.strip();
        String lower = value.toLowerCase(Locale.ROOT).replace('_', '-');
        switch (lower) {
            case "latest", "now", "end" -> {
                return latest();
            }
            case "trim-horizon", "oldest", "beginning", "start" -> {
                return trimHorizon();
            }
            default -> { }
        }
        if (SEQUENCE.matcher(value).matches()) {
            return new StartingPoint(ShardIteratorType.AT_SEQUENCE_NUMBER, value, null);
        }
        Matcher ago = AGO.matcher(lower);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            Duration duration = switch (ago.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return at(now.minus(duration));
        }
        return at(parseInstant(value, "--from"));
    }

    /** An ISO-8601 instant ({@code 2026-12-04T07:00:00Z}, with an offset, or a date at midnight UTC). */
    public static Instant parseInstant(String value, String option) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return java.time.LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw new UsageException(option + " " + value + ": not latest, trim-horizon, a sequence number,"
                            + " an age (10m, 2h, 1d) or an ISO-8601 time (2026-12-04T07:00:00Z)");
                }
            }
        }
    }

    /**
     * The shard a sequence number of Kinesis' 56-digit layout names (Kinesis' own and Riffle's: 186 bits,
     * version 2 in bits 184 and up, the shard index in bits 4..35, as the KCL's SequenceNumberValidator reads
     * them), or null when it is not one (Riffle's 39-digit numbers from before do not carry it this way).
     */
    public String shardIdOfSequenceNumber() {
        if (sequenceNumber == null || sequenceNumber.length() != 56) {
            return null;
        }
        BigInteger n = new BigInteger(sequenceNumber);
        if (n.bitLength() != 186 || n.shiftRight(184).intValue() != 2) {
            return null;
        }
        return "shardId-%012d".formatted(n.shiftRight(4).longValue() & 0xFFFF_FFFFL);
    }

    public boolean isSequenceNumber() {
        return type == ShardIteratorType.AT_SEQUENCE_NUMBER || type == ShardIteratorType.AFTER_SEQUENCE_NUMBER;
    }

    /** Where a child shard starts once its parents are read to the end: its beginning, or the time asked for. */
    public StartingPoint forChild() {
        return type == ShardIteratorType.AT_TIMESTAMP ? this : trimHorizon();
    }
}

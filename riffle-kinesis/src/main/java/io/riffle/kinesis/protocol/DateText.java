package io.riffle.kinesis.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as Kinesis prints them in error messages: Java's {@code java.util.Date#toString} form in UTC,
 * {@code Thu Dec 03 06:52:37 UTC 2026} (day of month two digits, whole seconds), as recorded in
 * ExpiredIteratorException messages clients logged ("The iterator was created at time Thu Jul 02
 * 12:57:57 UTC 2015 while right now it is Fri Jul 03 03:56:58 UTC 2015 ...").
 */
public final class DateText {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy",
            Locale.US).withZone(ZoneOffset.UTC);

    private DateText() {
    }

    public static String format(long epochMs) {
        return FORMAT.format(Instant.ofEpochMilli(epochMs));
    }
}

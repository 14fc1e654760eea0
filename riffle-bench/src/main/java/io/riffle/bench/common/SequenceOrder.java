package io.riffle.bench.common;

/**
 * Order of Kinesis sequence numbers without parsing them: they are decimal strings without leading
 * zeros (Riffle's are fixed-width), so a longer one is larger and equal lengths compare as text.
 */
public final class SequenceOrder {
    private SequenceOrder() {
    }

    /** True when {@code later} is strictly greater than {@code earlier}. */
    public static boolean isAfter(String later, String earlier) {
        if (later.length() != earlier.length()) {
            return later.length() > earlier.length();
        }
        return later.compareTo(earlier) > 0;
    }
}

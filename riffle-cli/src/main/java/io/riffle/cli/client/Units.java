package io.riffle.cli.client;

import java.util.Locale;

/** Sizes and rates as people read them: decimal units (1 MB = 1,000,000 bytes), three significant digits. */
public final class Units {

    private static final String[] BYTE_UNITS = {"B", "KB", "MB", "GB", "TB"};

    private Units() {}

    public static String bytes(double bytes) {
        int unit = 0;
        while (Math.abs(bytes) >= 1000 && unit < BYTE_UNITS.length - 1) {
            bytes /= 1000;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", bytes) : significant(bytes) + " " + BYTE_UNITS[unit];
    }

    public static String count(double n) {
        if (n < 1000) {
            return n == Math.rint(n) ? String.format(Locale.ROOT, "%.0f", n) : significant(n);
        }
        return String.format(Locale.ROOT, "%,.0f", n);
    }

    /** Milliseconds with a precision that suits their size: 0.42, 3.1, 12, 1,234. */
    public static String millis(double ms) {
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.1f", ms);
        }
        return String.format(Locale.ROOT, "%,.0f", ms);
    }

    public static String seconds(double seconds) {
        return seconds < 10 ? String.format(Locale.ROOT, "%.2f s", seconds) : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static String significant(double v) {
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, v);
    }
}

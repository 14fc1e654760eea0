package io.riffle.bench.kafka;

import java.util.List;
import java.util.Locale;

/** Formats {@link ComparisonResults} as markdown: one line per durability pair, workload and figure. */
public final class ComparisonTable {
    private ComparisonTable() {
    }

    static String markdown(ComparisonResults results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| durability (Riffle / Kafka) | workload | figure | Riffle | Kafka | Riffle / Kafka | runs (Riffle; Kafka) |\n");
        sb.append("|---|---|---|--:|--:|--:|---|\n");
        for (ComparisonResults.Row row : results.rows()) {
            ComparisonResults.Key k = row.key();
            sb.append("| ").append(k.pair().label())
                    .append(" | ").append(k.workload())
                    .append(" | ").append(k.figure().label())
                    .append(" | ").append(number(row.riffle()))
                    .append(" | ").append(number(row.kafka()))
                    .append(" | ").append(ratio(row.ratio()))
                    .append(" | ").append(values(row.riffleValues())).append("; ").append(values(row.kafkaValues()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** A figure with about three significant digits and thousands separators: 61,973; 63.5; 0.42; n/a. */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.1 || a == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** "0.62x", or "n/a". */
    static String ratio(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String values(List<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (Double v : values) {
            if (!sb.isEmpty()) {
                sb.append(" / ");
            }
            sb.append(number(v));
        }
        return sb.toString();
    }
}

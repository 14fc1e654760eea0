package io.riffle.console;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads samples back out of Prometheus' text exposition format (0.0.4): the console turns the server's own counters
 * into rates without the services exposing their counters to it. Pure; only the one-label series the console needs.
 */
final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The samples of metric {@code name} in {@code text}, by the value of their label {@code label}; series without
     * that label, and unparseable values, are left out.
     */
    static Map<String, Double> samplesByLabel(String text, String name, String label) {
        Map<String, Double> out = new HashMap<>();
        int at = 0;
        while (at < text.length()) {
            int end = text.indexOf('\n', at);
            if (end < 0) {
                end = text.length();
            }
            if (text.startsWith(name, at) && end > at + name.length() && text.charAt(at + name.length()) == '{') {
                readSample(text.substring(at + name.length(), end), label, out);
            }
            at = end + 1;
        }
        return out;
    }

    /** {@code line} is {@code {a="x",b="y"} value}. */
    private static void readSample(String line, String label, Map<String, Double> out) {
        String labelValue = null;
        int i = 1;
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf("=\"", i);
            if (eq < 0) {
                return;
            }
            String key = line.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\' && j + 1 < line.length()) {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            if (key.equals(label)) {
                labelValue = value.toString();
            }
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        if (labelValue == null || i >= line.length()) {
            return;
        }
        try {
            out.put(labelValue, Double.parseDouble(line.substring(i + 1).trim().split(" ")[0]));
        } catch (NumberFormatException e) {
            // not a sample we can read: leave it out
        }
    }
}

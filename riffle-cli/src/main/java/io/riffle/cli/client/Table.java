package io.riffle.cli.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligned columns for {@code --output table}: a header row (bold on a colour terminal), then the
 * rows; the last column is not padded. Widths count code points, not the escape codes of colour.
 */
public final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells for " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : String.valueOf(c)).toList());
        return this;
    }

    public int size() {
        return rows.size();
    }

    public String render(Terminal terminal) {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = width(headers.get(c));
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], width(row.get(c)));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths, terminal, true);
        for (List<String> row : rows) {
            line(out, row, widths, terminal, false);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths, Terminal terminal, boolean isHeader) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            line.append(isHeader ? terminal.bold(cell) : cell);
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - width(cell) + 2));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}

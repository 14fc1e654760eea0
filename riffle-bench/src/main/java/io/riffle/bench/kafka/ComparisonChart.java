package io.riffle.bench.kafka;

import io.riffle.bench.common.Figure;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Renders a {@link KafkaComparison}'s medians as one PNG (headless, JFreeChart), four panels of
 * Riffle and Kafka bars: ingest records/s and read-back records/s per record size and durability
 * pair, end-to-end latency p50 and p99 per pair, and CPU seconds per GB ingested by the server and
 * by the load generator.
 */
public final class ComparisonChart {
    private static final int PANEL_WIDTH = 760;
    private static final int PANEL_HEIGHT = 430;
    private static final int HEADER_HEIGHT = 50;
    private static final Color RIFFLE_COLOR = new Color(0x1f77b4);
    private static final Color KAFKA_COLOR = new Color(0x7f7f7f);

    private ComparisonChart() {
    }

    /**
     * Writes the chart to {@code file} (directories made as needed).
     *
     * @param subtitle the line under the title: machine, date, options
     */
    static void write(ComparisonResults results, List<DurabilityPair> pairs, String latencyWorkload, String subtitle,
                      Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<JFreeChart> panels = new java.util.ArrayList<>();
        panels.add(throughput(results, pairs, "ingest ", "Ingest, records/s acknowledged; higher is better"));
        panels.add(throughput(results, pairs, "read back ", "Read back, records/s; higher is better"));
        panels.add(latency(results, pairs, latencyWorkload));
        panels.add(cpu(results, pairs));

        int columns = 2;
        int rows = (panels.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, HEADER_HEIGHT + rows * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString("Riffle vs Apache Kafka on one machine (medians)", 12, 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(subtitle, 12, 42);
            for (int i = 0; i < panels.size(); i++) {
                int x = (i % columns) * PANEL_WIDTH;
                int y = HEADER_HEIGHT + (i / columns) * PANEL_HEIGHT;
                panels.get(i).draw(g, new Rectangle2D.Double(x, y, PANEL_WIDTH, PANEL_HEIGHT));
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", file.toFile());
    }

    /** Records/s of the workloads named {@code prefix + size}, one column per size and durability pair. */
    private static JFreeChart throughput(ComparisonResults results, List<DurabilityPair> pairs, String prefix,
                                         String title) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (DurabilityPair pair : pairs) {
            for (ComparisonResults.Row row : results.rows()) {
                if (row.key().pair() == pair && row.key().figure() == Figure.RECORDS_PER_SECOND
                        && row.key().workload().startsWith(prefix)) {
                    add(data, row, row.key().workload().substring(prefix.length()) + ", " + pair.label());
                }
            }
        }
        return bars(title, "records/s", data, "%,.0f");
    }

    private static JFreeChart latency(ComparisonResults results, List<DurabilityPair> pairs, String workload) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (DurabilityPair pair : pairs) {
            for (Figure f : List.of(Figure.P50_MS, Figure.P99_MS)) {
                ComparisonResults.Row row = results.row(pair, workload, f);
                if (row != null) {
                    add(data, row, (f == Figure.P50_MS ? "p50, " : "p99, ") + pair.label());
                }
            }
        }
        return bars("Latency " + workload.replace("end-to-end, ", "end to end at ") + "; lower is better", "ms", data,
                "%.1f");
    }

    private static JFreeChart cpu(ComparisonResults results, List<DurabilityPair> pairs) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (DurabilityPair pair : pairs) {
            for (ComparisonResults.Row row : results.rows()) {
                ComparisonResults.Key k = row.key();
                if (k.pair() == pair && k.workload().startsWith("ingest 1 KiB")
                        && (k.figure() == Figure.SERVER_CPU_SECONDS_PER_GB || k.figure() == Figure.CLIENT_CPU_SECONDS_PER_GB)) {
                    add(data, row, (k.figure() == Figure.SERVER_CPU_SECONDS_PER_GB ? "server, " : "load generator, ")
                            + pair.label());
                }
            }
        }
        return bars("CPU seconds per GB ingested (1 KiB records); lower is better", "CPU s / GB", data, "%.1f");
    }

    private static void add(DefaultCategoryDataset data, ComparisonResults.Row row, String column) {
        if (!Double.isNaN(row.riffle())) {
            data.addValue(row.riffle(), ComparisonResults.RIFFLE, column);
        }
        if (!Double.isNaN(row.kafka())) {
            data.addValue(row.kafka(), ComparisonResults.KAFKA, column);
        }
    }

    private static JFreeChart bars(String title, String axis, DefaultCategoryDataset data, String labelFormat) {
        JFreeChart chart = ChartFactory.createBarChart(null, null, axis, data, PlotOrientation.VERTICAL, true, false,
                false);
        chart.addSubtitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 14)));
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        CategoryAxis categories = plot.getDomainAxis();
        categories.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        categories.setMaximumCategoryLabelLines(3);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, RIFFLE_COLOR);
        renderer.setSeriesPaint(1, KAFKA_COLOR);
        renderer.setItemMargin(0.05);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat(labelFormat.equals("%,.0f") ? "#,##0" : "0.0")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        return chart;
    }
}

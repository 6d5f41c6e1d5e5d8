package org.egret.bench;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * What growing a topology costs on Egret: one point per size of WordCount, its table (written between
 * two markers of {@code benchmarks/README.md}) and its plot.
 */
final class ScaleCurve {
    static final String BEGIN = "<!-- scale curve: written by benchmarks/run.sh --scale -->";
    static final String END = "<!-- end of scale curve -->";

    /** One size: what it took to start and what it did once running. */
    record Point(
            int tasks,
            int containers,
            double submitToFirstTupleSec,
            int processes,
            long peakRssKb,
            double tuplesPerSec,
            double cpuCores) {
        double peakRssMb() {
            return peakRssKb / 1024.0;
        }

        double rssPerTaskMb() {
            return peakRssMb() / tasks;
        }
    }

    private ScaleCurve() {}

    static String row(Point p) {
        return String.format(
                Locale.ROOT,
                "| %d | %d | %d | %.1f s | %.0f MB | %.0f MB | %.2f M | %.2f |",
                p.tasks(),
                p.containers(),
                p.processes(),
                p.submitToFirstTupleSec(),
                p.peakRssMb(),
                p.rssPerTaskMb(),
                p.tuplesPerSec() / 1e6,
                p.cpuCores());
    }

    static String table(List<Point> points) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| tasks | containers | processes | submit to first tuple | peak RSS | per task | tuples/s | cores |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Point p : points) {
            sb.append(row(p)).append('\n');
        }
        return sb.toString();
    }

    /** Replaces what stands between the markers in {@code readme} (appends them when missing). */
    static void writeInto(Path readme, String table) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String block = BEGIN + "\n" + table + END;
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b >= 0 && e > b) {
            text = text.substring(0, b) + block + text.substring(e + END.length());
        } else {
            text = text + "\n" + block + "\n";
        }
        Files.writeString(readme, text, StandardCharsets.UTF_8);
    }

    /** Throughput, peak RSS per task and submit-to-first-tuple against the task count, one above the other. */
    static void plot(List<Point> points, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("tasks (a container per 4)"));
        plot.setGap(12);
        plot.add(panel(points, "M tuples/s", p -> p.tuplesPerSec() / 1e6));
        plot.add(panel(points, "peak RSS per task, MB", Point::rssPerTaskMb));
        plot.add(panel(points, "submit to first tuple, s", Point::submitToFirstTupleSec));
        JFreeChart chart =
                new JFreeChart("Egret WordCount as it grows (acking off)", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 720, 860);
    }

    private static XYPlot panel(List<Point> points, String label, Function<Point, Double> y) {
        XYSeries series = new XYSeries(label);
        for (Point p : points) {
            series.add(p.tasks(), y.apply(p));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        return new XYPlot(new XYSeriesCollection(series), null, axis, renderer);
    }
}

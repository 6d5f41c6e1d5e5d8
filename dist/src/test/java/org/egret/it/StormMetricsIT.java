package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.egret.examples.verify.MetricsTopology;
import org.egret.examples.verify.RecordingMetricsConsumer;
import org.egret.net.RequestClient;
import org.egret.proto.MetricSeries;
import org.egret.proto.MetricsQueryRequest;
import org.egret.proto.MetricsQueryResponse;
import org.egret.proto.TMasterLocation;
import org.junit.jupiter.api.Test;

/**
 * Storm's metrics on Egret, one run of {@link MetricsTopology}: a bolt's metrics v2 (counter, gauge, meter,
 * histogram, timer) and v1 metric reach a registered IMetricsConsumer as Storm's DataPoints, the metrics
 * file sink, the Prometheus endpoint and the Topology Master under Storm's names, and Storm's
 * LoggingMetricsConsumer logs them.
 */
class StormMetricsIT {
    private static final String NAME = "stormmetrics";
    private static final int IDS = 2000;
    private static final String BOLT = "measured";
    private static final String CONSUMER = "__metrics_" + RecordingMetricsConsumer.class.getName();
    private final HttpClient http = HttpClient.newHttpClient();

    /** One data point a consumer received. */
    record Point(String component, int task, int intervalSecs, String name, String value) {}

    @Test
    void metricsReachConsumersAndSinks() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.withConfigProperty("egret.instance.metrics.interval.ms", "1000");
            Path received = cluster.root.resolve("consumer.txt");
            cluster.submitOk(MetricsTopology.class.getName(), NAME, received.toString(), Integer.toString(IDS));

            // The consumer: per bolt task, the latest counter; their sum is every tuple once the spout is done.
            LocalCluster.waitFor(
                    "the consumer's counters to reach " + IDS,
                    Duration.ofSeconds(120),
                    () -> sum(latest(read(received), "tuples")) == IDS && total(read(received), "v1-tuples") == IDS);
            List<Point> points = read(received);
            Map<Integer, Double> tuples = latest(points, "tuples");
            assertEquals(2, tuples.size(), "bolt tasks reporting: " + tuples);
            for (String same : List.of("tuples-gauge", "tuple-rate.count", "execute-time.count", "id-mod-10.count")) {
                assertEquals(tuples, latest(points, same), same + " per task");
            }
            // Storm's executor scales histogram snapshots as if they were nanoseconds; consumers see the same here
            latest(points, "id-mod-10.max").values().forEach(v -> assertEquals(9e-6, v, 1e-12));
            latest(points, "id-mod-10.min").values().forEach(v -> assertEquals(0.0, v, 1e-12));
            assertTrue(latest(points, "execute-time.p99").values().stream().allMatch(v -> v >= 0));
            assertTrue(latest(points, "tuple-rate.mean_rate").values().stream().allMatch(v -> v > 0));
            assertTrue(
                    points.stream().allMatch(p -> p.component().equals(BOLT) && p.intervalSecs() == 2),
                    "only the bolt has metrics, all on the 2 s tick");
            String text = Files.readString(received);
            assertTrue(
                    text.startsWith("prepared " + CONSUMER + " "),
                    "the consumer's component id: " + text.substring(0, Math.min(200, text.length())));

            // The metrics manager's sinks, under the same names: counts as increases per report, summed.
            LocalCluster.waitFor(
                    "the file sinks' counters to reach " + IDS,
                    Duration.ofSeconds(60),
                    () -> fileSinkTotal(cluster, "tuples") == IDS && fileSinkTotal(cluster, "v1-tuples") == IDS);
            assertEquals(IDS, fileSinkTotal(cluster, "execute-time.count"));
            assertEquals(IDS, fileSinkTotal(cluster, "tuple-rate.count"));
            assertTrue(fileSink(cluster).contains("\"id-mod-10.max\":9.0"), "histogram max in the file sink");
            LocalCluster.waitFor(
                    "Prometheus' counters to reach " + IDS,
                    Duration.ofSeconds(30),
                    () -> prometheus(cluster, "egret_tuples_total") == IDS
                            && prometheus(cluster, "egret_execute_time_count_total") == IDS);
            assertEquals(2 * 9.0, prometheus(cluster, "egret_id_mod_10_max"), "each task's histogram max");

            // The Topology Master, which the Tracker asks: the counter summed, the histogram's max kept as a level.
            LocalCluster.waitFor(
                    "the TM's counter to reach " + IDS,
                    Duration.ofSeconds(30),
                    () -> tmSeries(cluster, "tuples").stream()
                                    .mapToDouble(MetricSeries::getValue)
                                    .sum()
                            == IDS);
            List<MetricSeries> max = tmSeries(cluster, "id-mod-10.max");
            assertEquals(2, max.size(), "one series per task");
            assertTrue(max.stream().allMatch(m -> m.getGauge() && m.getLast() == 9.0), max.toString());

            // Storm's own LoggingMetricsConsumer, in a task of its own, logs the same data points.
            LocalCluster.waitFor(
                    "LoggingMetricsConsumer's lines",
                    Duration.ofSeconds(30),
                    () -> logs(cluster)
                            .lines()
                            .anyMatch(l -> l.contains("LoggingMetricsConsumer - ")
                                    && l.contains(":" + BOLT)
                                    && l.contains("tuple-rate.count")));
            cluster.kill(NAME);
        }
    }

    private static List<Point> read(Path file) {
        List<Point> out = new ArrayList<>();
        try {
            if (!Files.exists(file)) {
                return out;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(" ");
                if (f.length == 6 && f[5].equals(";")) {
                    out.add(new Point(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], f[4]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The last value of a data point per source task. */
    private static Map<Integer, Double> latest(List<Point> points, String name) {
        Map<Integer, Double> out = new TreeMap<>();
        points.stream()
                .filter(p -> p.name().equals(name))
                .forEach(p -> out.put(p.task(), Double.parseDouble(p.value())));
        return out;
    }

    private static long total(List<Point> points, String name) {
        return points.stream()
                .filter(p -> p.name().equals(name))
                .mapToLong(p -> Long.parseLong(p.value()))
                .sum();
    }

    private static long sum(Map<Integer, Double> m) {
        return (long) m.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static String fileSink(LocalCluster cluster) {
        StringBuilder sb = new StringBuilder();
        for (int c = 1; c <= 2; c++) {
            Path f = cluster.containerDir(NAME, c).resolve("metrics/metrics.jsonl");
            try {
                if (Files.exists(f)) {
                    sb.append(Files.readString(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sb.toString();
    }

    /** Sums one metric of the bolt over every line of every container's metrics.jsonl. */
    private static long fileSinkTotal(LocalCluster cluster, String metric) {
        Pattern p = Pattern.compile("\"" + Pattern.quote(metric) + "\":(\\d+)[,}]");
        long sum = 0;
        for (String line : fileSink(cluster).split("\n")) {
            if (line.contains("\"component\":\"" + BOLT + "\"")) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    sum += Long.parseLong(m.group(1));
                }
            }
        }
        return sum;
    }

    /** One family's values for the bolt, summed over its tasks and every container's endpoint. */
    private double prometheus(LocalCluster cluster, String family) {
        Pattern p = Pattern.compile(
                "^" + family + "\\{component=\"" + BOLT + "\",task=\"\\d+\",topology=\"" + NAME + "\"\\} ([0-9.eE+]+)$",
                Pattern.MULTILINE);
        double sum = 0;
        for (int c = 1; c <= 2; c++) {
            Path address = cluster.containerDir(NAME, c).resolve("ports/prometheus");
            try {
                if (!Files.exists(address)) {
                    return -1;
                }
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://" + Files.readString(address).strip() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher m = p.matcher(r.body());
                while (m.find()) {
                    sum += Double.parseDouble(m.group(1));
                }
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return sum;
    }

    /** One metric of the bolt's tasks as the Topology Master keeps it. */
    private static List<MetricSeries> tmSeries(LocalCluster cluster, String metric) {
        try {
            TMasterLocation tm =
                    TMasterLocation.parseFrom(Files.readAllBytes(cluster.stateRoot.resolve("tmasters/" + NAME)));
            MetricsQueryResponse r = RequestClient.call(
                    tm.getHost(),
                    tm.getServerPort(),
                    cluster.wire(NAME, "tracker", 1 << 20),
                    MetricsQueryRequest.newBuilder()
                            .setComponent(BOLT)
                            .addNames(metric)
                            .build(),
                    MetricsQueryResponse.class,
                    Duration.ofSeconds(10));
            return r.getSourcesList().stream()
                    .flatMap(s -> s.getMetricsList().stream())
                    .toList();
        } catch (IOException | TimeoutException | RuntimeException e) {
            return List.of(); // not up yet, or between two of its leases: asked again
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every process log of the topology's containers, as one text. */
    private static String logs(LocalCluster cluster) {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(cluster.workingDir.resolve(NAME))) {
            for (Path f : s.filter(x -> x.toString().endsWith(".log")).toList()) {
                sb.append(Files.readString(f));
            }
        } catch (IOException e) {
            return "";
        }
        return sb.toString();
    }
}

package org.egret.metricsmgr;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.egret.config.EgretConfig;
import org.egret.net.NodeAddress;
import org.egret.plugin.PluginType;
import org.egret.proto.MetricsBatch;
import org.egret.runtime.ProcessOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus scrape endpoint ({@code http://host:port/metrics}) served by the official client's
 * HTTP server. Counters (per-interval deltas) are summed into Prometheus counters since the
 * metrics manager started; gauges keep their latest value. Names: {@code egret_<metric>} with
 * labels topology, component, task; a {@code base/key} metric or a map metric becomes
 * {@code egret_<base>_detail} with a {@code key} label, so sums over a family never double count.
 */
@PluginType("prometheus")
public final class PrometheusSink implements MetricsSink {
    private EgretConfig config;
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusSink.class);
    static final int MAX_SERIES = 100_000;

    /** One exported time series. */
    record Series(String family, boolean gauge, String component, String task, String key) {}

    private final Map<Series, Double> values = new ConcurrentHashMap<>();
    private String topology = "";
    private HTTPServer server;
    private boolean warnedFull;

    @Override
    public void initialize(EgretConfig config) {
        this.config = config;
    }

    @Override
    public void start(ProcessOptions options) {
        NodeAddress address = NodeAddress.from(config);
        start(options.topology(), address.bindAddress().getHostAddress(), config.get(MetricsMgrKeys.PROMETHEUS_PORT));
        options.dirs().writeAddress("prometheus", address.advertisedHost(), server.getPort());
        LOG.info("Prometheus scrape endpoint on http://{}:{}/metrics", address.advertisedHost(), server.getPort());
    }

    /** Serves the registry on host:port (0 = any free port). */
    public void start(String topologyName, String host, int port) {
        topology = topologyName;
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register((MultiCollector) this::collect);
        try {
            server = HTTPServer.builder()
                    .hostname(host)
                    .port(port)
                    .registry(registry)
                    .buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve Prometheus metrics on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void write(MetricsBatch batch) {
        String component = batch.getComponent();
        String task = MetricPoints.task(batch);
        MetricPoints.forEach(batch, (base, key, gauge, value) -> {
            String family = "egret_" + PrometheusNaming.sanitizeMetricName(base) + (key == null ? "" : "_detail");
            if (!gauge && family.endsWith("_total")) {
                family = family.substring(0, family.length() - "_total".length());
            }
            Series s = new Series(family, gauge, component, task, key);
            if (!values.containsKey(s) && values.size() >= MAX_SERIES) {
                if (!warnedFull) {
                    warnedFull = true;
                    LOG.warn("more than {} Prometheus series; new ones are not exported", MAX_SERIES);
                }
                return;
            }
            if (gauge) {
                values.put(s, value);
            } else {
                values.merge(s, value, Double::sum);
            }
        });
    }

    /** Runs on the scrape server's threads while {@link #write} runs on the metrics manager's. */
    MetricSnapshots collect() {
        Map<String, List<Map.Entry<Series, Double>>> byFamily = new TreeMap<>();
        for (Map.Entry<Series, Double> e : values.entrySet()) {
            byFamily.computeIfAbsent(e.getKey().family() + (e.getKey().gauge() ? "" : "_total"), k -> new ArrayList<>())
                    .add(Map.entry(e.getKey(), e.getValue()));
        }
        List<MetricSnapshot> out = new ArrayList<>();
        for (List<Map.Entry<Series, Double>> points : byFamily.values()) {
            Series first = points.get(0).getKey();
            if (first.gauge()) {
                GaugeSnapshot.Builder g =
                        GaugeSnapshot.builder().name(first.family()).help("Egret metric (latest value)");
                points.forEach(p -> g.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(labels(p.getKey()))
                        .value(p.getValue())
                        .build()));
                out.add(g.build());
            } else {
                CounterSnapshot.Builder c = CounterSnapshot.builder()
                        .name(first.family())
                        .help("Egret metric (sum since the metrics manager started)");
                points.forEach(p -> c.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(labels(p.getKey()))
                        .value(p.getValue())
                        .build()));
                out.add(c.build());
            }
        }
        return new MetricSnapshots(out);
    }

    private Labels labels(Series s) {
        Labels l = Labels.of("topology", topology, "component", s.component(), "task", s.task());
        return s.key() == null ? l : l.add("key", s.key());
    }

    @Override
    public void flush() {
        // Scrapes read the current values; nothing is buffered.
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}

package org.egret.metricsmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricType;
import org.egret.proto.MetricsBatch;
import org.junit.jupiter.api.Test;

class PrometheusSinkTest {
    // Prometheus text exposition format 0.0.4: name{label="value",...} number
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\",?)*\\})? -?[0-9.eE+-]+|NaN|[+-]Inf");

    static MetricsBatch batch(String component, int task, String... kv) {
        MetricsBatch.Builder b = MetricsBatch.newBuilder()
                .setComponent(component)
                .setTaskId(task)
                .setSource(task >= 0 ? component + "/" + task : "stmgr-1")
                .setTimestampMs(1000);
        for (int i = 0; i < kv.length; i += 2) {
            b.addMetrics(MetricDatum.newBuilder().setName(kv[i]).setValue(kv[i + 1]));
        }
        return b.build();
    }

    @Test
    void countersAreSummedGaugesKeptAndTheOutputParses() throws Exception {
        PrometheusSink sink = new PrometheusSink();
        sink.start("topo", "127.0.0.1", 0);
        try {
            sink.write(batch("split", 4, "emitted", "10", "emitted/default", "10", "execute-latency-us", "300"));
            sink.write(batch("split", 4, "emitted", "5", "emitted/default", "5", "execute-latency-us", "200"));
            sink.write(batch("count", 1, "word-counts", "{\"a\":3,\"b\":4}", "__exception", "java.lang.X: y"));
            sink.write(batch("__stmgr", -1, "tuples-in", "7"));
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            List<String> samples = Arrays.stream(r.body().split("\n"))
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
            for (String line : samples) {
                assertTrue(SAMPLE.matcher(line).matches(), "not exposition format: " + line);
            }
            String body = r.body();
            assertTrue(body.contains("# TYPE egret_emitted_total counter"), body);
            assertTrue(
                    body.contains("egret_emitted_total{component=\"split\",task=\"4\",topology=\"topo\"} 15.0"), body);
            assertTrue(
                    body.contains(
                            "egret_emitted_detail_total{component=\"split\",key=\"default\",task=\"4\",topology=\"topo\"} 15.0"),
                    body);
            assertTrue(
                    body.contains("egret_execute_latency_us{component=\"split\",task=\"4\",topology=\"topo\"} 200.0"),
                    body);
            assertTrue(
                    body.contains(
                            "egret_word_counts_detail_total{component=\"count\",key=\"b\",task=\"1\",topology=\"topo\"} 4.0"),
                    body);
            assertTrue(
                    body.contains(
                            "egret_tuples_in_total{component=\"__stmgr\",task=\"stmgr-1\",topology=\"topo\"} 7.0"),
                    body);
            assertTrue(!body.contains("exception"), "events are not metrics: " + body);
        } finally {
            sink.close();
        }
    }

    @Test
    void stormsDropwizardNamesAndTypes() throws Exception {
        PrometheusSink sink = new PrometheusSink();
        sink.start("topo", "127.0.0.1", 0);
        try {
            for (int i = 0; i < 2; i++) {
                sink.write(MetricsBatch.newBuilder()
                        .setComponent("b")
                        .setTaskId(3)
                        .setSource("b/3")
                        .setTimestampMs(1000)
                        .addMetrics(MetricDatum.newBuilder()
                                .setName("execute-time.count")
                                .setValue("5")
                                .setType(MetricType.COUNTER))
                        .addMetrics(MetricDatum.newBuilder()
                                .setName("execute-time.p99")
                                .setValue("1.5")
                                .setType(MetricType.GAUGE))
                        .addMetrics(MetricDatum.newBuilder()
                                .setName("queue-size")
                                .setValue("2")
                                .setType(MetricType.COUNTER))
                        .build());
            }
            String body = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sink.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertTrue(
                    body.contains("egret_execute_time_count_total{component=\"b\",task=\"3\",topology=\"topo\"} 10.0"),
                    body);
            assertTrue(body.contains("egret_execute_time_p99{component=\"b\",task=\"3\",topology=\"topo\"} 1.5"), body);
            assertTrue(
                    body.contains("egret_queue_size_total{component=\"b\",task=\"3\",topology=\"topo\"} 4.0"),
                    "the type, not the name, decides: " + body);
        } finally {
            sink.close();
        }
    }
}

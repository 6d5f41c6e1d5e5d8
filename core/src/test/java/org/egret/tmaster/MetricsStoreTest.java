package org.egret.tmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.egret.proto.ExceptionLog;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricSeries;
import org.egret.proto.MetricType;
import org.egret.proto.MetricsBatch;
import org.egret.proto.MetricsPublish;
import org.egret.proto.MetricsQueryRequest;
import org.egret.proto.MetricsQueryResponse;
import org.junit.jupiter.api.Test;

class MetricsStoreTest {
    private final AtomicLong now = new AtomicLong(100_000);
    private final MetricsStore store = new MetricsStore(1000, 5, 3, 100, 2, now::get);

    private void report(String component, int task, long ts, String name, String value) {
        store.record(MetricsPublish.newBuilder()
                .addBatches(MetricsBatch.newBuilder()
                        .setSource(component + "/" + task)
                        .setComponent(component)
                        .setTaskId(task)
                        .setTimestampMs(ts)
                        .addMetrics(MetricDatum.newBuilder().setName(name).setValue(value)))
                .build());
    }

    private MetricSeries series(MetricsQueryResponse r, int task, String name) {
        return r.getSourcesList().stream()
                .filter(s -> s.getTaskId() == task)
                .findFirst()
                .orElseThrow()
                .getMetricsList()
                .stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void countersSumAndGaugesAverageInFixedBuckets() {
        report("s", 1, 96_100, "emitted", "10");
        report("s", 1, 96_900, "emitted", "5");
        report("s", 1, 99_500, "emitted", "7");
        report("s", 1, 96_100, "complete-latency-us", "100");
        report("s", 1, 96_200, "complete-latency-us", "300");
        MetricsQueryResponse r =
                store.query(MetricsQueryRequest.newBuilder().setTimeline(true).build());
        assertEquals(96_000, r.getStartMs());
        MetricSeries emitted = series(r, 1, "emitted");
        assertEquals(22, emitted.getValue());
        assertEquals(7, emitted.getLast());
        assertEquals(List.of(15.0, Double.NaN, Double.NaN, 7.0, Double.NaN), emitted.getTimelineList());
        MetricSeries latency = series(r, 1, "complete-latency-us");
        assertTrue(latency.getGauge());
        assertEquals(200, latency.getValue());
        // A 2 s window sees the last two buckets only.
        MetricsQueryResponse recent =
                store.query(MetricsQueryRequest.newBuilder().setWindowMs(2000).build());
        assertEquals(7, series(recent, 1, "emitted").getValue());
    }

    @Test
    void aDatumsOwnTypeBeatsItsName() {
        // Storm's Dropwizard metrics say what they are: a histogram's max is a level, a "queue-size" counter counts
        store.record(MetricsPublish.newBuilder()
                .addBatches(MetricsBatch.newBuilder()
                        .setSource("b/1")
                        .setComponent("b")
                        .setTaskId(1)
                        .setTimestampMs(96_100)
                        .addMetrics(MetricDatum.newBuilder()
                                .setName("id-mod-10.max")
                                .setValue("9")
                                .setType(MetricType.GAUGE))
                        .addMetrics(MetricDatum.newBuilder()
                                .setName("queue-size")
                                .setValue("4")
                                .setType(MetricType.COUNTER)))
                .build());
        store.record(MetricsPublish.newBuilder()
                .addBatches(MetricsBatch.newBuilder()
                        .setSource("b/1")
                        .setComponent("b")
                        .setTaskId(1)
                        .setTimestampMs(96_200)
                        .addMetrics(MetricDatum.newBuilder()
                                .setName("id-mod-10.max")
                                .setValue("9")
                                .setType(MetricType.GAUGE))
                        .addMetrics(MetricDatum.newBuilder()
                                .setName("queue-size")
                                .setValue("4")
                                .setType(MetricType.COUNTER)))
                .build());
        MetricsQueryResponse r = store.query(MetricsQueryRequest.newBuilder().build());
        assertTrue(series(r, 1, "id-mod-10.max").getGauge());
        assertEquals(9, series(r, 1, "id-mod-10.max").getValue());
        assertEquals(false, series(r, 1, "queue-size").getGauge());
        assertEquals(8, series(r, 1, "queue-size").getValue());
    }

    @Test
    void oldBucketsAreOverwrittenNotAccumulated() {
        report("s", 1, 96_100, "emitted", "10");
        now.set(105_500); // five buckets later: 101 s reuses the ring slot of 96 s
        report("s", 1, 101_100, "emitted", "1");
        MetricsQueryResponse r =
                store.query(MetricsQueryRequest.newBuilder().setTimeline(true).build());
        assertEquals(1, series(r, 1, "emitted").getValue());
        assertEquals(5, series(r, 1, "emitted").getTimelineCount());
    }

    @Test
    void seriesPerSourceAndExceptionsAreBounded() {
        for (int i = 0; i < 10; i++) {
            report("b", 2, 99_000, "user-" + i, "1");
        }
        assertEquals(
                3,
                store.query(MetricsQueryRequest.getDefaultInstance())
                        .getSources(0)
                        .getMetricsCount());
        for (int i = 0; i < 3; i++) {
            ExceptionLog e = ExceptionLog.newBuilder()
                    .setComponent("b")
                    .setTaskId(2)
                    .setClassName("E" + i)
                    .setLastMs(i)
                    .setCount(1)
                    .build();
            store.record(MetricsPublish.newBuilder()
                    .addExceptions(e)
                    .addExceptions(e)
                    .build());
        }
        List<ExceptionLog> ex = store.query(
                        MetricsQueryRequest.newBuilder().setExceptions(true).build())
                .getExceptionsList();
        assertEquals(2, ex.size());
        assertEquals("E2", ex.get(0).getClassName());
        assertEquals(2, ex.get(0).getCount());
    }

    @Test
    void filtersByComponentTaskAndName() {
        report("s", 1, 99_000, "emitted", "1");
        report("b", 2, 99_000, "backpressure-ms", "4");
        report("b", 2, 99_000, "executed", "4");
        MetricsQueryResponse r = store.query(MetricsQueryRequest.newBuilder()
                .setComponent("b")
                .addNames("*pressure*")
                .build());
        assertEquals(1, r.getSourcesCount());
        assertEquals(
                List.of("backpressure-ms"),
                r.getSources(0).getMetricsList().stream()
                        .map(MetricSeries::getName)
                        .toList());
    }
}

package org.egret.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.egret.bench.topology.LatencyHistogram;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Report.median(Report.list(3, 1, 2)));
        assertEquals(2.5, Report.median(Report.list(4, 1, 3, 2)));
        assertTrue(Double.isNaN(Report.median(List.of())));
    }

    @Test
    void histogramBucketsAreContiguousAndPrecise() {
        for (long us : new long[] {0, 1, 31, 32, 33, 63, 64, 100, 1000, 9999, 123456, 10_000_000}) {
            int i = LatencyHistogram.index(us);
            assertTrue(LatencyHistogram.lowerBound(i) <= us, "lower bound of " + us);
            assertTrue(LatencyHistogram.lowerBound(i + 1) > us, "upper bound of " + us);
            assertTrue(LatencyHistogram.midpoint(i) - us <= Math.max(1, us * 0.04), "precision at " + us);
        }
        for (int i = 0; i + 1 < LatencyHistogram.BUCKETS - 1; i++) {
            assertEquals(i, LatencyHistogram.index(LatencyHistogram.lowerBound(i)));
        }
    }

    @Test
    void percentilesOfASnapshotDifference() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5000); // before the measurement: subtracted
        Map<Integer, Long> before = Report.decode(h.encode());
        for (int i = 1; i <= 100; i++) {
            h.record(i * 10L); // 10 us .. 1000 us
        }
        Map<Integer, Long> diff = Report.minus(Report.decode(h.encode()), before);
        assertEquals(0.5, Report.percentileMs(diff, 0.5), 0.02);
        assertEquals(0.99, Report.percentileMs(diff, 0.99), 0.03);
    }

    @Test
    void ratePerTaskOverItsOwnInterval() {
        Map<String, String[]> before =
                Map.of("bolt-1.txt", new String[] {"1000", "0"}, "bolt-2.txt", new String[] {"1100", "500"});
        Map<String, String[]> after = Map.of(
                "bolt-1.txt",
                new String[] {"3000", "2000"},
                "bolt-2.txt",
                new String[] {"2100", "1500"},
                "bolt-3.txt",
                new String[] {"2100", "99"});
        assertEquals(1000 + 1000, BenchmarkMain.rate(before, after), 1e-9);
    }

    @Test
    void tableShowsRatios() {
        var egretMemory = new Report.Memory(
                1024 * 1024,
                768 * 1024,
                Map.of(
                        "stmgr",
                        new Report.Role(2, 400 * 1024, 300 * 1024),
                        "instance",
                        new Report.Role(3, 624 * 1024, 468 * 1024)));
        var egret = new Report.Run(
                "wordcount", true, "egret", Report.list(2e6, 2.2e6, 2.1e6), 2.0, egretMemory, 1.0, 4.0, 0, null);
        var stormMemory = new Report.Memory(
                512 * 1024, 500 * 1024, Map.of("storm-2w", new Report.Role(1, 512 * 1024, 500 * 1024)));
        var storm = new Report.Run(
                "wordcount", true, "storm-2w", Report.list(1e6, 1e6, 1e6), 1.0, stormMemory, 2.0, 8.0, 0, null);
        String t = Report.table(List.of(egret, storm));
        assertTrue(t.contains("| wordcount | on | egret | 2.10 M |"), t);
        assertTrue(t.contains("| 1024 | 768 | 0 |"), t);
        assertTrue(t.contains("| wordcount | on | egret / storm-2w | 2.10 | 1.05 | 0.50 | 2.00 | 1.54 |"), t);
        // roles in the data path's order, Storm's single process left out
        assertTrue(t.contains("| workload | acking | engine | stmgr | instance |\n"), t);
        assertTrue(t.contains("| wordcount | on | egret | 300 (2) | 468 (3) |\n"), t);
        assertFalse(t.substring(t.indexOf("| stmgr | instance |")).contains("storm-2w"), t);
    }
}

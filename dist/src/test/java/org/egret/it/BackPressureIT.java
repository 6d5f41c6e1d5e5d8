package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.egret.examples.verify.SlowBoltTopology;
import org.junit.jupiter.api.Test;

/**
 * A bolt 100x slower than its unthrottled spout (A), for half a minute: back pressure (not dropping,
 * not growing memory) holds that spout back, though it also feeds a fast path (a diamond's two paths:
 * the slow one decides); the metrics name the slow component; when the bolt speeds up, throughput
 * recovers; in the end every id is acked once, nothing timed out or failed. Meanwhile a second
 * pipeline (B) in the same topology, which nothing of A feeds, keeps its throughput: back pressure
 * pauses only the spouts that feed the slow bolt. Both pipelines cross between the two containers.
 */
class BackPressureIT {
    private static final int N = 200_000;
    /** B: paced, small tuples, long enough to outlast A's slow phase. */
    private static final int B_RATE = 4_000;

    private static final int B_N = 200_000;
    private static final long RSS_BOUND_BYTES = 600L << 20;

    @Test
    void aSlowBoltHoldsBackOnlyTheSpoutThatFeedsItWithoutLossOrGrowth() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            // small marks and queues, so that 200k tiny tuples are far more than the buffers can hold
            cluster.withConfigProperty("egret.stmgr.backpressure.high.bytes", Long.toString(1 << 20))
                    .withConfigProperty("egret.stmgr.backpressure.low.bytes", Long.toString(256 << 10))
                    // past 4 MB waiting for the slow bolt, its stream manager stops reading the spout's: what is in
                    // flight then does not hang on how soon the notice reaches the spout's stream manager
                    .withConfigProperty("egret.stmgr.backpressure.peer.read.limit.bytes", Long.toString(4 << 20))
                    .withConfigProperty("egret.instance.receive.bytes", Integer.toString(64 << 10));
            Path out = cluster.root.resolve("bp");
            Path aDir = Files.createDirectories(out.resolve("a"));
            Path bDir = Files.createDirectories(out.resolve("b"));
            Path sideDir = Files.createDirectories(out.resolve("a-side"));
            // 1 ms per tuple: ~1k tuples/s against a spout that emits 100k+/s
            cluster.submitOk(
                    SlowBoltTopology.class.getName(),
                    "bp",
                    out.toString(),
                    Integer.toString(N),
                    "1000",
                    Integer.toString(B_N),
                    Integer.toString(B_RATE));
            ReliableRun run = new ReliableRun(aDir);
            ReliableRun b = new ReliableRun(bDir);

            // B alone first (A's spout waits for its go file): its throughput without the slow bolt
            LocalCluster.waitFor("B's tuples flowing", Duration.ofSeconds(90), () -> b.sinkRecords() > 0);
            double bAlone = sinkRate(b, Duration.ofSeconds(5));

            Files.createFile(aDir.resolve("go"));
            // The sink, not the spout's score: the spout writes its score only when it runs, and once back
            // pressure pauses it, that is when the slow bolt has drained its queue to the low mark (half a
            // minute or more on a busy machine)
            LocalCluster.waitFor(
                    "A's tuples flowing",
                    Duration.ofSeconds(90),
                    () -> !run.sinkCounts().isEmpty());

            Map<Long, Long> peakRss = new HashMap<>();
            long slowStart = System.nanoTime();
            long ackedAtStart = run.score().acked();
            long bAtStart = b.sinkRecords();
            // half a minute: unheld, the spout would emit all N ids within a few seconds of it
            LocalCluster.waitFor("half a minute of the slow phase", Duration.ofSeconds(90), () -> {
                sampleRss(cluster, peakRss);
                return System.nanoTime() - slowStart > 30_000_000_000L;
            });
            double slowSecs = (System.nanoTime() - slowStart) / 1e9;
            double bHeld = (b.sinkRecords() - bAtStart) / slowSecs;
            long slowAcked = run.score().acked() - ackedAtStart;
            ReliableRun.Score during = run.score();
            // the spout was held back: far fewer emitted than it could have (it does 100k+/s unhindered)
            assertTrue(
                    during.emitted() < N,
                    () -> "the spout was not held back: " + during + "; peak RSS by pid (MB) "
                            + peakRss.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + (e.getValue() >> 20))
                                    .toList()
                            + "\n" + cluster.logs("bp"));
            // in flight: the marks, the peer read limit and the socket buffers of two hops, some 15-25k 1 KB tuples
            // here
            assertTrue(during.emitted() - during.acked() < 50_000, "in flight grew without bound: " + during);
            // B, which does not feed the slow bolt, was not held back with A
            assertTrue(
                    bHeld >= 0.9 * bAlone,
                    String.format("B moved %.0f tuples/s while A was held back, %.0f alone", bHeld, bAlone));
            for (Map.Entry<Long, Long> e : peakRss.entrySet()) {
                assertTrue(
                        e.getValue() < RSS_BOUND_BYTES,
                        "process " + e.getKey() + " RSS " + (e.getValue() >> 20) + " MB");
            }
            Map<String, Long> bp = backPressureByCause(cluster.workingDir.resolve("bp"));
            assertTrue(
                    bp.keySet().stream().anyMatch(k -> k.contains("slow")),
                    "back pressure metrics name the slow bolt: " + bp);
            long heap = maxHeapUsed(cluster.workingDir.resolve("bp"));
            assertTrue(heap > 0 && heap < (256L << 20), "heap used " + (heap >> 20) + " MB");

            Files.createFile(aDir.resolve("fast"));
            long fastStart = System.nanoTime();
            long ackedAtFast = run.score().acked();
            LocalCluster.waitFor(
                    "every id acked after the bolt sped up",
                    Duration.ofSeconds(180),
                    () -> run.score().acked() >= N);
            double fastSecs = (System.nanoTime() - fastStart) / 1e9;
            double slowRate = slowAcked / slowSecs;
            double fastRate = (N - ackedAtFast) / fastSecs;
            System.out.printf(
                    "back pressure: slow phase %.0f tuples/s, in flight at its end %d, after speed-up %.0f tuples/s,"
                            + " peak RSS %d MB, back pressure by cause %s; B %.0f tuples/s alone, %.0f while A was held back (%.2fx)%n",
                    slowRate,
                    during.emitted() - during.acked(),
                    fastRate,
                    peakRss.values().stream().mapToLong(Long::longValue).max().orElse(0) >> 20,
                    bp,
                    bAlone,
                    bHeld,
                    bHeld / bAlone);
            assertTrue(fastRate > 5 * slowRate, "throughput recovered: " + slowRate + " -> " + fastRate);

            ReliableRun.Score s = run.score();
            assertEquals(N, s.acked());
            assertEquals(0, s.dups());
            assertEquals(0, s.fails(), "nothing failed or timed out: nothing was dropped: " + s);
            assertEquals(List.of(), ReliableRun.missing(run.sinkCounts(), N));
            assertEquals(
                    List.of(), ReliableRun.missing(new ReliableRun(sideDir).sinkCounts(), N), "the fast side path");
            LocalCluster.waitFor(
                    "every id of B acked",
                    Duration.ofSeconds(120),
                    () -> b.score().acked() >= B_N);
            assertEquals(new ReliableRun.Score(B_N, 0, 0, B_N), b.score());
            assertEquals(List.of(), ReliableRun.missing(b.sinkCounts(), B_N));
            cluster.kill("bp");
        }
    }

    /** The sinks' records per second over {@code window}. */
    private static double sinkRate(ReliableRun run, Duration window) throws InterruptedException {
        long t0 = System.nanoTime();
        long n0 = run.sinkRecords();
        LocalCluster.waitFor(
                "a window of " + window, window.plusSeconds(30), () -> System.nanoTime() - t0 > window.toNanos());
        return (run.sinkRecords() - n0) / ((System.nanoTime() - t0) / 1e9);
    }

    private static void sampleRss(LocalCluster cluster, Map<Long, Long> peak) {
        for (String role : List.of("instance", "stmgr", "executor")) {
            for (long pid : cluster.pids("bp", role)) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                        if (line.startsWith("VmRSS:")) {
                            long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                            peak.merge(pid, kb * 1024, Math::max);
                        }
                    }
                } catch (IOException e) {
                    // the process ended between listing and reading
                }
            }
        }
    }

    /** Sums the stream managers' backpressure-by/<cause> metrics from the file sinks. */
    static Map<String, Long> backPressureByCause(Path topologyDir) throws IOException {
        Map<String, Long> out = new HashMap<>();
        forEachMetric(topologyDir, (name, v) -> {
            if (name.startsWith("backpressure-by/") && v.hasNumberValue()) {
                out.merge(name.substring("backpressure-by/".length()), (long) v.getNumberValue(), Long::sum);
            }
        });
        return out;
    }

    private static long maxHeapUsed(Path topologyDir) throws IOException {
        long[] max = {0};
        forEachMetric(topologyDir, (name, v) -> {
            if (name.equals("jvm-heap-used-bytes") && v.hasNumberValue()) {
                max[0] = Math.max(max[0], (long) v.getNumberValue());
            }
        });
        return max[0];
    }

    private static void forEachMetric(Path topologyDir, java.util.function.BiConsumer<String, Value> f)
            throws IOException {
        try (Stream<Path> files = Files.walk(topologyDir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals("metrics.jsonl"))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    Struct.Builder b = Struct.newBuilder();
                    JsonFormat.parser().ignoringUnknownFields().merge(line, b);
                    Value metrics = b.getFieldsMap().get("metrics");
                    if (metrics != null && metrics.hasStructValue()) {
                        metrics.getStructValue().getFieldsMap().forEach(f);
                    }
                }
            }
        }
    }
}

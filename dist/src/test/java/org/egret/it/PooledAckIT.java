package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.egret.examples.verify.PooledAckTopology;
import org.junit.jupiter.api.Test;

/**
 * A bolt that emits, acks and fails from 4 threads of its own, across 2 containers: every id is
 * acked exactly once and reaches the sink, and Storm's task hooks saw every execute, emit, ack and
 * fail, on every task.
 */
class PooledAckIT {
    private static final int N = 50_000;

    @Test
    void emitsAndAcksFromOtherThreadsAreExact() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            Path out = cluster.root.resolve("pooled");
            cluster.submitOk(PooledAckTopology.class.getName(), "pooled", out.toString(), Integer.toString(N));
            ReliableRun.Score s = new ReliableRun(out).assertEveryIdAckedOnce(cluster, "pooled", N);

            // Hooks: the counts settle once the last acks are written (every half second)
            LocalCluster.waitFor("the hooks' counts", Duration.ofSeconds(30), () -> {
                Map<String, Long> spout = hooks(out, "ids");
                return spout.getOrDefault("spoutAck", 0L) == N
                        && spout.getOrDefault("spoutFail", 0L) == s.fails()
                        && hooks(out, "sink").getOrDefault("boltAck", 0L) == N;
            });
            Map<String, Long> spout = hooks(out, "ids");
            Map<String, Long> pooled = hooks(out, "pooled");
            Map<String, Long> sink = hooks(out, "sink");
            assertEquals(1, spout.get("prepare"), "one spout task");
            assertEquals(2, pooled.get("prepare"), "two pooled tasks, each prepared once");
            assertEquals(s.emitted(), spout.get("emit"), "the spout's emits: " + spout);
            assertEquals(s.emitted(), pooled.get("boltExecute"), "every emitted id executed once: " + pooled);
            assertEquals(s.fails(), pooled.get("boltFail"), "the pooled bolt's fails: " + pooled);
            assertEquals(N, pooled.get("boltAck"), "the pooled bolt's acks: " + pooled);
            assertEquals(N, pooled.get("emit"), "one emit per ack: " + pooled);
            assertEquals(N, sink.get("boltExecute"), "the sink's executes: " + sink);
            assertTrue(
                    sink.getOrDefault("boltExecuteTick", 0L) > 0,
                    "the sink's tick tuples reach the hooks too: " + sink);
            cluster.kill("pooled");
        }
    }

    /** The hook counts of every task of {@code component}, summed. */
    private static Map<String, Long> hooks(Path dir, String component) {
        Map<String, Long> sum = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("hooks-" + component + "-"))
                    .toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] kv = line.trim().split(" ");
                    if (kv.length == 2) {
                        sum.merge(kv[0], Long.parseLong(kv[1]), Long::sum);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sum;
    }
}

package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.egret.examples.SentenceSpout;
import org.egret.examples.WordCountTopology;
import org.junit.jupiter.api.Test;

/**
 * The README's WordCount, submitted through bin/egret, with exact counts for a finite input; every
 * container on an address of its own, as on hosts of their own, and 127.0.0.1 used by no process.
 */
class WordCountIT {
    private static final int SENTENCES = 5000;

    @Test
    void countsEveryWordExactlyAndKillLeavesNothing() throws Exception {
        try (LocalCluster cluster = new LocalCluster().withHostPerContainer()) {
            Path out = cluster.root.resolve("counts");
            LocalCluster.Result r = cluster.submitOk(
                    WordCountTopology.class.getName(), "wc", Integer.toString(SENTENCES), out.toString());
            assertTrue(r.out().contains("running"), r.out());

            Map<String, Long> expected = new TreeMap<>();
            for (int i = 0; i < SENTENCES; i++) {
                for (String w : SentenceSpout.SENTENCES[i % SentenceSpout.SENTENCES.length].split(" ")) {
                    expected.merge(w, 1L, Long::sum);
                }
            }
            try {
                LocalCluster.waitFor("exact word counts", Duration.ofSeconds(90), () -> expected.equals(counts(out)));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\ncounts: " + counts(out) + "\n" + cluster.logs("wc"), e);
            }

            cluster.assertHostPerContainer("wc");

            // one JVM per task (1 spout + 2 split + 2 count), an SM per container, executors (each with its
            // container's metrics manager; container 0's with the TM), scheduler
            List<String> roles = cluster.roles("wc");
            assertEquals(5, Collections.frequency(roles, "instance"), roles.toString());
            assertEquals(2, Collections.frequency(roles, "stmgr"), roles.toString());
            assertEquals(0, Collections.frequency(roles, "metricsmgr"), roles.toString());
            assertEquals(0, Collections.frequency(roles, "tmaster"), roles.toString());
            assertEquals(3, Collections.frequency(roles, "executor"), roles.toString());
            assertEquals(1, Collections.frequency(roles, "scheduler"), roles.toString());

            LocalCluster.Result list = cluster.egret("list");
            assertTrue(list.out().contains("wc") && list.out().contains("RUNNING"), list.out());

            cluster.kill("wc");
            LocalCluster.waitFor(
                    "every process gone",
                    Duration.ofSeconds(30),
                    () -> cluster.roles("wc").isEmpty());
            assertTrue(cluster.stateIsEmpty(), "state nodes left behind");
            assertTrue(Files.notExists(cluster.workingDir.resolve("wc")), "working directory left behind");
        }
    }

    /** Sums the count files the counters wrote; each word lives in exactly one of them. */
    static Map<String, Long> counts(Path dir) {
        Map<String, Long> counts = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return counts;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().startsWith("counts-"))
                    .toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] kv = line.split(" ");
                    if (kv.length == 2 && counts.put(kv[0], Long.parseLong(kv[1])) != null) {
                        throw new AssertionError("word '" + kv[0] + "' counted by two tasks");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }
}

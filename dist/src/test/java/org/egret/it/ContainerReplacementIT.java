package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.egret.examples.SentenceSpout;
import org.egret.examples.verify.CrashOnceTopology;
import org.egret.proto.ContainerFailure;
import org.egret.proto.ExecutionState;
import org.junit.jupiter.api.Test;

/**
 * A task that crashes in prepare while its container's first executor lives: the executor gives it
 * up and exits non-zero, the local scheduler replaces the container (a new executor), the execution
 * state and {@code egret list} say what happened, and the topology then counts every word exactly.
 */
class ContainerReplacementIT {
    private static final int SENTENCES = 2000;

    @Test
    void aContainerWhoseTaskIsGivenUpIsReplacedAndTheTopologyThenRuns() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.withConfigProperty("egret.executor.max.restarts", "1")
                    .withConfigProperty("egret.executor.restart.backoff.ms", "200");
            Path out = cluster.root.resolve("counts");
            Path markers = cluster.root.resolve("markers");
            cluster.submitOk(
                    CrashOnceTopology.class.getName(),
                    "heal",
                    Integer.toString(SENTENCES),
                    out.toString(),
                    markers.toString());

            Path marker = markers.resolve(CrashOnceTopology.FIRST_EXECUTOR);
            LocalCluster.waitFor("the gate's first prepare", Duration.ofSeconds(60), () -> Files.exists(marker));
            long first = Long.parseLong(
                    Files.readString(marker, StandardCharsets.US_ASCII).trim());
            LocalCluster.waitFor(
                    "the first executor of the gate's container to exit and a new one to run",
                    Duration.ofSeconds(60),
                    () -> ProcessHandle.of(first).map(p -> !p.isAlive()).orElse(true)
                            && cluster.pids("heal", "executor").size() == 3);
            Set<Long> executors = cluster.pids("heal", "executor");
            assertFalse(executors.contains(first), executors.toString());

            Map<String, Long> expected = new TreeMap<>();
            for (int i = 0; i < SENTENCES; i++) {
                for (String w : SentenceSpout.SENTENCES[i % SentenceSpout.SENTENCES.length].split(" ")) {
                    expected.merge(w, 1L, Long::sum);
                }
            }
            try {
                LocalCluster.waitFor(
                        "exact word counts", Duration.ofSeconds(60), () -> expected.equals(WordCountIT.counts(out)));
            } catch (AssertionError e) {
                throw new AssertionError(
                        e.getMessage() + "\ncounts: " + WordCountIT.counts(out) + "\n" + cluster.logs("heal"), e);
            }

            String logs = cluster.logs("heal");
            assertTrue(
                    logs.contains("(pid " + first + ") exited with code 3; restarting"),
                    "the scheduler saw the executor exit 3 and replaced it\n" + logs);
            ExecutionState es =
                    ExecutionState.parseFrom(Files.readAllBytes(cluster.stateRoot.resolve("executionstate/heal")));
            assertEquals(1, es.getContainerFailuresCount(), es.toString());
            ContainerFailure f = es.getContainerFailures(0);
            assertTrue(f.getProcess().endsWith("-gate") && f.getReason().contains("gave it up"), f.toString());
            assertEquals("", es.getFailure(), "one replacement is no reason to give the topology up");
            String list = cluster.egret("list").out();
            assertTrue(list.contains("RUNNING (degraded: 1 container failure") && list.contains(f.getProcess()), list);

            cluster.kill("heal");
            assertTrue(cluster.stateIsEmpty(), "state nodes left behind");
        }
    }
}

package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.egret.examples.WordCountTopology;
import org.junit.jupiter.api.Test;

/** deactivate stops the spouts, activate resumes them, restart brings a container back. */
class LifecycleIT {
    @Test
    void deactivateActivateAndRestart() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            Path out = cluster.root.resolve("counts");
            cluster.submitOk(WordCountTopology.class.getName(), "life", "0", out.toString());
            LocalCluster.waitFor("words counted", Duration.ofSeconds(90), () -> total(out) > 0);

            LocalCluster.Result r = cluster.egret("deactivate", "life");
            assertEquals(0, r.code(), r.err());
            // in-flight tuples drain, then the counts stop moving: two equal readings 3 s apart
            long[] last = {-1, System.nanoTime()};
            LocalCluster.waitFor("counts to stop moving for 3 s", Duration.ofSeconds(60), () -> {
                long now = total(out);
                if (now != last[0]) {
                    last[0] = now;
                    last[1] = System.nanoTime();
                    return false;
                }
                return System.nanoTime() - last[1] > 3_000_000_000L;
            });
            long stopped = last[0];
            assertEquals(1, cluster.egret("deactivate", "life").code(), "a second deactivate is refused");

            assertEquals(0, cluster.egret("activate", "life").code());
            LocalCluster.waitFor("counts to move again", Duration.ofSeconds(60), () -> total(out) > stopped);

            int before = cluster.roles("life").size();
            Set<Long> oldExecutors = cluster.pids("life", "executor");
            LocalCluster.Result restart = cluster.egret("restart", "life", "--container", "1");
            assertEquals(0, restart.code(), restart.err());
            LocalCluster.waitFor("container 1 back with a new executor", Duration.ofSeconds(60), () -> {
                Set<Long> now = cluster.pids("life", "executor");
                return !now.equals(oldExecutors)
                        && now.size() == oldExecutors.size()
                        && cluster.roles("life").size() == before;
            });
            long afterRestart = total(out);
            LocalCluster.waitFor("counting after the restart", Duration.ofSeconds(60), () -> total(out) > afterRestart);
            LocalCluster.Result bad = cluster.egret("restart", "life", "--container", "9");
            assertEquals(1, bad.code(), bad.out());
            cluster.kill("life");
            assertTrue(cluster.stateIsEmpty());
        }
    }

    private static long total(Path out) {
        return WordCountIT.counts(out).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }
}

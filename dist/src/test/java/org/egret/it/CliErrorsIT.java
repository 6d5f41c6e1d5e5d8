package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.egret.examples.WordCountTopology;
import org.egret.examples.verify.BrokenTopologies;
import org.junit.jupiter.api.Test;

/** Bad input to bin/egret: a one-line error, a non-zero exit, and nothing left behind. */
class CliErrorsIT {
    private static void assertFailsCleanly(LocalCluster cluster, LocalCluster.Result r, String... phrases)
            throws Exception {
        assertEquals(1, r.code(), "exit code; stderr: " + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("error: "), err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        for (String p : phrases) {
            assertTrue(err.contains(p), "'" + p + "' in: " + err);
        }
        assertTrue(cluster.stateIsEmpty(), "state left behind after: " + err);
        assertTrue(cluster.roles("bad").isEmpty(), "processes left behind after: " + err);
    }

    @Test
    void badSubmissionsFailClearlyAndLeaveNothing() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            assertFailsCleanly(cluster, cluster.egret("submit", "/no/such.jar", "x.Main", "bad"), "/no/such.jar");
            assertFailsCleanly(cluster, cluster.submit("com.example.Missing", "bad"), "com.example.Missing");
            assertFailsCleanly(cluster, cluster.submit(BrokenTopologies.NeverSubmits.class.getName(), "bad"), "submit");
            assertFailsCleanly(
                    cluster,
                    cluster.submit(BrokenTopologies.ZeroParallelism.class.getName(), "bad"),
                    "Parallelism must be positive");
            assertFailsCleanly(
                    cluster, cluster.submit(BrokenTopologies.UnknownComponent.class.getName(), "bad"), "nosuchspout");
            assertFailsCleanly(cluster, cluster.submit(BrokenTopologies.TooBig.class.getName(), "bad"), "sink");
            assertFailsCleanly(
                    cluster,
                    cluster.submit(BrokenTopologies.JavaSerialization.class.getName(), "bad"),
                    "topology.fall.back.on.java.serialization: true is refused",
                    "egret.allow.java.serialization");
            assertFailsCleanly(
                    cluster,
                    cluster.egret(
                            "submit",
                            "--config-property",
                            "egret.no.such=1",
                            cluster.examplesJar.toString(),
                            WordCountTopology.class.getName(),
                            "bad"),
                    "egret.no.such");
            // the local cluster's scheduler and containers run here: their addresses must be this machine's
            assertFailsCleanly(
                    cluster,
                    cluster.egret(
                            "submit",
                            "--config-property",
                            "egret.host=no-such-host.invalid",
                            cluster.examplesJar.toString(),
                            WordCountTopology.class.getName(),
                            "bad"),
                    "egret.host",
                    "does not resolve");
            assertFailsCleanly(
                    cluster,
                    cluster.egret(
                            "submit",
                            "--config-property",
                            "egret.host=203.0.113.7",
                            cluster.examplesJar.toString(),
                            WordCountTopology.class.getName(),
                            "bad"),
                    "egret.host",
                    "not an address of this host");
            assertFailsCleanly(
                    cluster,
                    cluster.egret(
                            "submit",
                            "--config-property",
                            "egret.bind.host=203.0.113.7",
                            cluster.examplesJar.toString(),
                            WordCountTopology.class.getName(),
                            "bad"),
                    "egret.bind.host");
            assertFailsCleanly(cluster, cluster.egret("kill", "bad"), "bad");
            assertEquals(1, cluster.egret("frobnicate").code(), "unknown verb");
        }
    }

    @Test
    void duplicateNameIsRefusedAndTheFirstKeepsRunning() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.submitOk(WordCountTopology.class.getName(), "dup", "100");
            LocalCluster.Result r = cluster.submit(WordCountTopology.class.getName(), "dup", "100");
            assertEquals(1, r.code());
            assertTrue(r.err().contains("already exists"), r.err());
            LocalCluster.waitFor(
                    "the first one still running",
                    Duration.ofSeconds(30),
                    () -> !cluster.topologyMasterPids("dup").isEmpty());
            cluster.kill("dup");
            assertTrue(cluster.stateIsEmpty());
        }
    }
}

package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.egret.examples.SentenceSpout;
import org.egret.examples.WordCountTopology;
import org.egret.files.OwnerOnly;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.StoredSecret;
import org.egret.proto.TMasterLocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's WordCount on the {@code local-zk} cluster: every process keeps its state in a real
 * ZooKeeper (started in this JVM), the TM holds an ephemeral entry, and a TM killed with SIGKILL
 * is replaced by its restarted successor once the dead one's session expires; the stream
 * managers find the new TM through ZooKeeper and the counts stay exact. Egret authenticates to
 * ZooKeeper with digest credentials from an owner-only file: its nodes are closed to other clients.
 */
class WordCountZkIT {
    private static final int SENTENCES = 5000;
    /** Not "wc": process look-ups go by topology name, and WordCountIT may run beside this test. */
    private static final String NAME = "wc-zk";
    /** Short, so that a SIGKILLed TM's entry goes quickly (the server's minimum is 2 ticks). */
    private static final int SESSION_MS = 6000;

    private TestingServer zk;
    /** Authenticated as Egret. */
    private CuratorFramework client;

    private Path digestFile;

    @TempDir
    Path zkDir;

    @BeforeEach
    void startZooKeeper() throws Exception {
        // ZooKeeper's embedded server writes its config beside the data directory: keep both in ours
        zk = new TestingServer(-1, zkDir.resolve("data").toFile(), true);
        client = ZkCredentials.client(zk.getConnectString(), ZkCredentials.DIGEST);
        digestFile = ZkCredentials.writeFile(zkDir);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        client.close();
        zk.close();
    }

    private LocalCluster cluster(String connect) throws Exception {
        return cluster(connect, digestFile.toString());
    }

    /** {@code digestFile} empty: no ZooKeeper identity (conf/local-zk names one in the home directory). */
    private LocalCluster cluster(String connect, String digestFile) throws Exception {
        return new LocalCluster("local-zk")
                .withConfigProperty("egret.statemgr.zk.connection", connect)
                .withConfigProperty("egret.statemgr.zk.session.timeout.ms", Integer.toString(SESSION_MS))
                .withConfigProperty("egret.statemgr.zk.connection.timeout.ms", "2000")
                .withConfigProperty(ZkCredentials.KEY, digestFile);
    }

    @Test
    void countsEveryWordExactlyAcrossATmFailoverAndKillLeavesNothing() throws Exception {
        try (LocalCluster cluster = cluster(zk.getConnectString())) {
            Path out = cluster.root.resolve("counts");
            LocalCluster.Result r = cluster.submitOk(
                    WordCountTopology.class.getName(), NAME, Integer.toString(SENTENCES), out.toString());
            assertTrue(r.out().contains("running"), r.out());

            for (String family : List.of("topologies", "packingplans", "executionstate", "schedulers")) {
                assertNotNull(
                        client.checkExists().forPath("/egret/" + family + "/" + NAME),
                        family + "/" + NAME + " in ZooKeeper");
            }
            assertTrue(cluster.stateIsEmpty(), "nothing in the local state directory");
            outsidersAreRefused();
            ownerOnlyFiles(cluster);
            LocalCluster.waitFor("the TM's ephemeral entry", Duration.ofSeconds(60), () -> tmEntry() != null);
            assertNotEquals(0, stat("/egret/tmasters/" + NAME).getEphemeralOwner(), "the TM entry is ephemeral");
            LocalCluster.waitFor("a physical plan", Duration.ofSeconds(60), () -> planVersion() > 0);

            // SIGKILL the TM (container 0's executor, which runs it): the scheduler restarts the executor, the
            // new TM waits until the dead one's session expires, takes the entry, and the stream managers
            // register with it (a new plan version).
            Set<Long> tmPids = cluster.topologyMasterPids(NAME);
            assertEquals(1, tmPids.size(), tmPids.toString());
            long oldPid = tmPids.iterator().next();
            long oldVersion = planVersion();
            ProcessHandle.of(oldPid).ifPresent(ProcessHandle::destroyForcibly);
            try {
                LocalCluster.waitFor("a new TM holding the entry", Duration.ofSeconds(60), () -> {
                    // read once: the old entry vanishes when the dead TM's session expires
                    TMasterLocation entry = tmEntry();
                    return entry != null && entry.getPid() != oldPid;
                });
                LocalCluster.waitFor(
                        "the stream managers registered with the new TM",
                        Duration.ofSeconds(60),
                        () -> planVersion() > oldVersion);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + cluster.logs(NAME), e);
            }

            Map<String, Long> expected = new TreeMap<>();
            for (int i = 0; i < SENTENCES; i++) {
                for (String w : SentenceSpout.SENTENCES[i % SentenceSpout.SENTENCES.length].split(" ")) {
                    expected.merge(w, 1L, Long::sum);
                }
            }
            try {
                LocalCluster.waitFor(
                        "exact word counts", Duration.ofSeconds(90), () -> expected.equals(WordCountIT.counts(out)));
            } catch (AssertionError e) {
                throw new AssertionError(
                        e.getMessage() + "\ncounts: " + WordCountIT.counts(out) + "\n" + cluster.logs(NAME), e);
            }
            List<String> roles = cluster.roles(NAME);
            assertEquals(0, Collections.frequency(roles, "tmaster"), roles.toString());
            assertEquals(1, cluster.topologyMasterPids(NAME).size(), roles.toString());

            LocalCluster.Result list = cluster.egret("list");
            assertTrue(list.out().contains(NAME) && list.out().contains("RUNNING"), list.out());

            cluster.kill(NAME);
            LocalCluster.waitFor(
                    "every process gone",
                    Duration.ofSeconds(30),
                    () -> cluster.roles(NAME).isEmpty());
            assertEquals(List.of(), zkNodesOf(NAME), "state nodes left behind in ZooKeeper");
            assertTrue(Files.notExists(cluster.workingDir.resolve(NAME)), "working directory left behind");
        }
    }

    @Test
    void submitToAnUnreachableEnsembleFailsClearlyAndWritesNothing() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (LocalCluster cluster = cluster("127.0.0.1:" + deadPort)) {
            long start = System.nanoTime();
            LocalCluster.Result r = cluster.submit(
                    WordCountTopology.class.getName(),
                    NAME,
                    "10",
                    cluster.root.resolve("counts").toString());
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertNotEquals(0, r.code(), r.out());
            assertTrue(r.err().contains("cannot reach ZooKeeper at 127.0.0.1:" + deadPort), r.err());
            // 2 s connection timeout plus a JVM start; far below Curator's default retries.
            assertTrue(tookMs < 15000, "submit failed after " + tookMs + " ms");
            assertTrue(isEmpty(cluster.packagesDir), "nothing uploaded");
            assertTrue(isEmpty(cluster.workingDir), "no containers started");
            assertTrue(cluster.roles(NAME).isEmpty(), cluster.roles(NAME).toString());
        }
    }

    /**
     * While the topology runs, clients without Egret's credentials (none, or others) can neither read
     * its secret or any of its nodes, nor change, delete or add nodes in Egret's tree.
     */
    private void outsidersAreRefused() throws Exception {
        for (String digest : new String[] {null, "mallory:guess"}) {
            try (CuratorFramework outsider = ZkCredentials.client(zk.getConnectString(), digest)) {
                for (String family : List.of("secrets", "topologies", "packingplans", "executionstate", "schedulers")) {
                    String node = "/egret/" + family + "/" + NAME;
                    refused(() -> outsider.getData().forPath(node));
                    refused(() -> outsider.setData().forPath(node, new byte[] {1}));
                    refused(() -> outsider.delete().forPath(node));
                    refused(() -> outsider.create().forPath("/egret/" + family + "/intruder", new byte[0]));
                    refused(() -> outsider.getChildren().forPath("/egret/" + family));
                }
            }
        }
        assertEquals(
                32,
                StoredSecret.parseFrom(client.getData().forPath("/egret/secrets/" + NAME))
                        .getKey()
                        .size(),
                "Egret's identity reads the secret");
    }

    /** The topology's working tree and its uploaded package are the submitting user's only. */
    private static void ownerOnlyFiles(LocalCluster cluster) throws Exception {
        Path topologyDir = cluster.workingDir.resolve(NAME);
        assertEquals("rwx------", OwnerOnly.mode(topologyDir));
        List<Path> containers;
        try (Stream<Path> s = Files.list(topologyDir)) {
            containers = s.filter(p -> p.getFileName().toString().startsWith("container-"))
                    .toList();
        }
        assertTrue(containers.size() >= 2, containers.toString());
        for (Path c : containers) {
            assertEquals("rwx------", OwnerOnly.mode(c), c.toString());
            assertEquals("rw-------", OwnerOnly.mode(c.resolve("topology.secret")), c.toString());
        }
        Path pkg = cluster.packagesDir.resolve(NAME).resolve("topology.tar.gz");
        assertEquals("rw-------", OwnerOnly.mode(pkg));
        assertEquals("rwx------", OwnerOnly.mode(pkg.getParent()));
    }

    private static void refused(Executable op) {
        KeeperException e = assertThrows(KeeperException.class, op);
        assertEquals(KeeperException.Code.NOAUTH, e.code(), e.toString());
    }

    /** A ZooKeeper without Egret credentials would leave the secret world-readable: submit refuses. */
    @Test
    void submitWithoutZooKeeperCredentialsIsRefusedAndLeavesNothing() throws Exception {
        try (LocalCluster cluster = cluster(zk.getConnectString(), "")) {
            LocalCluster.Result r = cluster.submit(
                    WordCountTopology.class.getName(),
                    NAME,
                    "10",
                    cluster.root.resolve("counts").toString());
            assertNotEquals(0, r.code(), r.out());
            assertTrue(
                    r.err()
                            .lines()
                            .anyMatch(l -> l.startsWith("error: refusing to store the secret of topology '" + NAME
                                            + "' in ZooKeeper")
                                    && l.contains("egret.statemgr.zk.auth.digest.file")),
                    r.err());
            assertEquals(List.of(), zkNodesOf(NAME), "state nodes left behind in ZooKeeper");
            assertTrue(isEmpty(cluster.packagesDir), "nothing left uploaded");
            assertTrue(isEmpty(cluster.workingDir), "no containers started");
        }
    }

    private TMasterLocation tmEntry() {
        try {
            return TMasterLocation.parseFrom(client.getData().forPath("/egret/tmasters/" + NAME));
        } catch (Exception e) {
            return null;
        }
    }

    private long planVersion() {
        try {
            return PhysicalPlan.parseFrom(client.getData().forPath("/egret/pplans/" + NAME))
                    .getVersion();
        } catch (Exception e) {
            return -1;
        }
    }

    private Stat stat(String path) throws Exception {
        return client.checkExists().forPath(path);
    }

    /** Every node named after the topology, in any family. */
    private List<String> zkNodesOf(String topology) throws Exception {
        List<String> left = new ArrayList<>();
        for (String family : client.getChildren().forPath("/egret")) {
            if (client.checkExists().forPath("/egret/" + family + "/" + topology) != null) {
                left.add(family + "/" + topology);
            }
        }
        return left;
    }

    private static boolean isEmpty(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).findAny().isEmpty();
        }
    }
}

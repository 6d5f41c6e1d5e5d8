package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.egret.examples.SentenceSpout;
import org.egret.examples.TridentWordCountTopology;
import org.egret.storm.translate.StormJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Trident WordCount (batch spout, each, groupBy, persistentAggregate into MemoryMapState) on the
 * {@code local-zk} cluster: the topology names no ZooKeeper, its coordinators find the state
 * manager's ensemble, keep their transactional state there, and the counts are exact.
 */
class TridentIT {
    private static final int SENTENCES = 100;
    private static final String NAME = "trident-wc";

    @TempDir
    Path zkDir;

    @Test
    void countsEveryWordExactlyWithItsCoordinatorsInZooKeeper() throws Exception {
        try (TestingServer zk = new TestingServer(-1, zkDir.resolve("data").toFile(), true);
                CuratorFramework client = ZkCredentials.client(zk.getConnectString(), ZkCredentials.DIGEST)) {
            try (LocalCluster cluster = new LocalCluster("local-zk")
                    .withConfigProperty("egret.statemgr.zk.connection", zk.getConnectString())
                    .withConfigProperty(
                            ZkCredentials.KEY, ZkCredentials.writeFile(zkDir).toString())) {
                Path out = cluster.root.resolve("counts");
                long start = System.nanoTime();
                cluster.submitOk(
                        TridentWordCountTopology.class.getName(), NAME, Integer.toString(SENTENCES), out.toString());
                Map<String, Long> expected = new TreeMap<>();
                for (int i = 0; i < SENTENCES; i++) {
                    for (String w : SentenceSpout.SENTENCES[i % SentenceSpout.SENTENCES.length].split(" ")) {
                        expected.merge(w, 1L, Long::sum);
                    }
                }
                try {
                    LocalCluster.waitFor(
                            "exact Trident word counts",
                            Duration.ofSeconds(120),
                            () -> expected.equals(WordCountIT.counts(out)));
                } catch (AssertionError e) {
                    throw new AssertionError(
                            e.getMessage() + "\ncounts: " + WordCountIT.counts(out) + "\n" + cluster.logs(NAME), e);
                }
                System.out.printf(
                        "TridentIT: submit to exact counts in %d ms%n", (System.nanoTime() - start) / 1_000_000);
                // Trident's master coordinator keeps its transactional state under transactional.zookeeper.root,
                // created with the topology's own ZooKeeper identity (StormSubmitter's digest, which Egret keeps,
                // with that identity as the super ACL): other clients, Egret's own included, cannot read or change it
                Map<String, Object> stormConf = StormJson.parseMap(Files.readString(cluster.workingDir
                        .resolve(NAME)
                        .resolve("container-1")
                        .resolve("package")
                        .resolve("storm-conf.json")));
                String topologyIdentity = (String) stormConf.get("storm.zookeeper.topology.auth.payload");
                try (CuratorFramework topology = ZkCredentials.client(zk.getConnectString(), topologyIdentity)) {
                    assertFalse(
                            topology.getChildren().forPath("/transactional").isEmpty(), "Trident's state in ZooKeeper");
                }
                try (CuratorFramework anonymous = ZkCredentials.client(zk.getConnectString(), null)) {
                    for (CuratorFramework other : List.of(anonymous, client)) {
                        for (Executable op : List.<Executable>of(
                                () -> other.getChildren().forPath("/transactional"),
                                () -> other.setData().forPath("/transactional", new byte[] {1}),
                                () -> other.create().forPath("/transactional/intruder"))) {
                            KeeperException e = assertThrows(KeeperException.class, op);
                            assertEquals(KeeperException.Code.NOAUTH, e.code(), e.toString());
                        }
                    }
                }
                cluster.kill(NAME);
            }
        }
    }
}

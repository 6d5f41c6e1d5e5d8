package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.egret.examples.SentenceSpout;
import org.egret.examples.TridentWordCountTopology;
import org.junit.jupiter.api.Test;
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
          .withConfigProperty(ZkCredentials.KEY, ZkCredentials.writeFile(zkDir).toString())) {
        Path out = cluster.root.resolve("counts");
        long start = System.nanoTime();
        cluster.submitOk(TridentWordCountTopology.class.getName(), NAME, Integer.toString(SENTENCES), out.toString());
        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < SENTENCES; i++) {
          for (String w : SentenceSpout.SENTENCES[i % SentenceSpout.SENTENCES.length].split(" ")) {
            expected.merge(w, 1L, Long::sum);
          }
        }
        try {
          LocalCluster.waitFor("exact Trident word counts", Duration.ofSeconds(120),
              () -> expected.equals(WordCountIT.counts(out)));
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\ncounts: " + WordCountIT.counts(out) + "\n"
              + cluster.logs(NAME), e);
        }
        System.out.printf("TridentIT: submit to exact counts in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        // Trident's master coordinator keeps its transactional state under transactional.zookeeper.root
        List<String> coordinators = client.getChildren().forPath("/transactional");
        assertFalse(coordinators.isEmpty(), "Trident's state in ZooKeeper");
        cluster.kill(NAME);
      }
    }
  }
}

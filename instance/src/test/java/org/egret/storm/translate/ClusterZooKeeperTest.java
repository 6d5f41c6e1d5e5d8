package org.egret.storm.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.junit.jupiter.api.Test;

class ClusterZooKeeperTest {
    @Test
    void theStateManagersEnsembleBecomesStormsWhenTheTopologyNamesNone() {
        Map<String, Object> conf =
                ClusterZooKeeper.withStateManagerEnsemble(Map.of("x", 1), "zk1:2191,zk2:2191,zk3/egret");
        assertEquals(List.of("zk1", "zk2", "zk3"), conf.get(Config.STORM_ZOOKEEPER_SERVERS));
        assertEquals(2191, conf.get(Config.STORM_ZOOKEEPER_PORT));
        assertEquals(1, conf.get("x"));
        assertEquals(
                2181, ClusterZooKeeper.withStateManagerEnsemble(Map.of(), "zk1").get(Config.STORM_ZOOKEEPER_PORT));
    }

    @Test
    void aTopologyThatNamesItsZooKeeperKeepsIt() {
        Map<String, Object> own = Map.of(Config.TRANSACTIONAL_ZOOKEEPER_SERVERS, List.of("mine"));
        assertSame(own, ClusterZooKeeper.withStateManagerEnsemble(own, "zk1:2191"));
        Map<String, Object> storm = Map.of(Config.STORM_ZOOKEEPER_SERVERS, List.of("theirs"));
        assertSame(storm, ClusterZooKeeper.withStateManagerEnsemble(storm, "zk1:2191"));
    }
}

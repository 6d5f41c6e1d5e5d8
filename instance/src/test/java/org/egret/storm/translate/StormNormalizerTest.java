package org.egret.storm.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.utils.ObjectReader;
import org.egret.storm.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

class StormNormalizerTest {
    private static int tasksOf(StormTopology t, String component) {
        Map<String, Object> c =
                StormJson.parseMap(StormComponents.commons(t).get(component).get_json_conf());
        return ObjectReader.getInt(c.get(Config.TOPOLOGY_TASKS));
    }

    @Test
    @SuppressWarnings("unchecked")
    void mergesComponentKryoRegistrationsAndDecorators() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout(
                "s",
                new Fixtures.ConfiguredSpout(
                        Map.of(
                                Config.TOPOLOGY_KRYO_REGISTER,
                                List.of(Fixtures.Point.class.getName()),
                                Config.TOPOLOGY_KRYO_DECORATORS,
                                List.of("com.example.Decorator")),
                        "a"),
                1);
        b.setBolt("b", new Fixtures.NoopBolt(), 1).shuffleGrouping("s", "a");
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_KRYO_REGISTER, List.of(Map.of("com.example.Other", "com.example.OtherSerializer")));
        StormNormalizer.Normalized n = StormNormalizer.normalize("t", conf, b.createTopology());
        Map<String, Object> reg = (Map<String, Object>) n.conf().get(Config.TOPOLOGY_KRYO_REGISTER);
        assertTrue(reg.containsKey(Fixtures.Point.class.getName()));
        assertEquals("com.example.OtherSerializer", reg.get("com.example.Other"));
        assertEquals(List.of("com.example.Decorator"), n.conf().get(Config.TOPOLOGY_KRYO_DECORATORS));
        assertEquals("t", n.conf().get(Config.TOPOLOGY_NAME));
        // survives the JSON round trip the instance does
        Map<String, Object> back = StormJson.parseMap(StormJson.write(n.conf()));
        assertTrue(((Map<String, Object>) back.get(Config.TOPOLOGY_KRYO_REGISTER))
                .containsKey(Fixtures.Point.class.getName()));
    }

    @Test
    void setsTasksPerComponentAndCapsThem() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("s", new Fixtures.StreamsSpout("a"), 3);
        b.setBolt("b", new Fixtures.NoopBolt(), 2).setNumTasks(8).shuffleGrouping("s", "a");
        b.setBolt("c", new Fixtures.NoopBolt(), 6)
                .shuffleGrouping("s", "a")
                .addConfiguration(Config.TOPOLOGY_MAX_TASK_PARALLELISM, 2);
        StormTopology original = b.createTopology();
        StormNormalizer.Normalized n = StormNormalizer.normalize("t", new HashMap<>(), original);
        assertEquals(3, tasksOf(n.topology(), "s"));
        assertEquals(8, tasksOf(n.topology(), "b"));
        assertEquals(2, tasksOf(n.topology(), "c"));

        Map<String, Object> capped = new HashMap<>();
        capped.put(Config.TOPOLOGY_MAX_TASK_PARALLELISM, 4);
        n = StormNormalizer.normalize("t", capped, original);
        assertEquals(3, tasksOf(n.topology(), "s"));
        assertEquals(4, tasksOf(n.topology(), "b"));
        assertEquals(2, tasksOf(n.topology(), "c"));
        assertEquals(4, n.conf().get(Config.TOPOLOGY_MAX_TASK_PARALLELISM));
    }

    @Test
    void runtimeConfIsDistributedOverDefaults() {
        Map<String, Object> conf = StormNormalizer.runtimeConf(Map.of(Config.TOPOLOGY_DEBUG, true));
        assertEquals("distributed", conf.get(Config.STORM_CLUSTER_MODE));
        assertEquals(true, conf.get(Config.TOPOLOGY_DEBUG));
        assertTrue(conf.containsKey(Config.TOPOLOGY_KRYO_FACTORY), "storm-client defaults are included");
    }

    @Test
    void keepsTheTopologysZooKeeperIdentityAndMakesItTheSuperAclAtRuntime() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("s", new Fixtures.StreamsSpout("a"), 1);
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.STORM_ZOOKEEPER_TOPOLOGY_AUTH_SCHEME, "digest");
        conf.put(Config.STORM_ZOOKEEPER_TOPOLOGY_AUTH_PAYLOAD, "user:secret");
        Map<String, Object> n =
                StormNormalizer.normalize("t", conf, b.createTopology()).conf();
        assertEquals("user:secret", n.get(Config.STORM_ZOOKEEPER_TOPOLOGY_AUTH_PAYLOAD));
        Map<String, Object> runtime = StormNormalizer.runtimeConf(n);
        // ZooKeeper's own DigestAuthenticationProvider.generateDigest("user:secret")
        assertEquals(
                "digest:user:" + java.util.Base64.getEncoder().encodeToString(sha1("user:secret")),
                runtime.get(Config.STORM_ZOOKEEPER_SUPERACL));
        // Storm's worker ACL: the topology's identity, never the world
        var acl = org.apache.storm.utils.Utils.getWorkerACL(runtime);
        assertEquals(
                List.of("auth:", "digest:user:" + java.util.Base64.getEncoder().encodeToString(sha1("user:secret"))),
                acl.stream()
                        .map(a -> a.getId().getScheme() + ":" + a.getId().getId())
                        .toList());
        assertTrue(acl.stream().allMatch(a -> a.getPerms() == 31), acl.toString());

        n.put(Config.STORM_ZOOKEEPER_SUPERACL, "sasl:admin");
        assertEquals(
                "sasl:admin",
                StormNormalizer.runtimeConf(n).get(Config.STORM_ZOOKEEPER_SUPERACL),
                "a topology's own super ACL wins");
        n.remove(Config.STORM_ZOOKEEPER_SUPERACL);
        n.remove(Config.STORM_ZOOKEEPER_TOPOLOGY_AUTH_SCHEME);
        assertNull(StormNormalizer.runtimeConf(n).get(Config.STORM_ZOOKEEPER_SUPERACL), "no identity, no ACL");
    }

    private static byte[] sha1(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-1")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void javaSerializationFallbackIsRefusedUnlessTheClusterAllowsIt() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("s", new Fixtures.StreamsSpout("a"), 1);
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_FALL_BACK_ON_JAVA_SERIALIZATION, true);
        Map<String, Object> n =
                StormNormalizer.normalize("t", conf, b.createTopology()).conf();
        InvalidTopologyException e =
                assertThrows(InvalidTopologyException.class, () -> StormNormalizer.checkJavaSerialization(n, false));
        assertTrue(
                e.getMessage().contains("topology.fall.back.on.java.serialization")
                        && e.getMessage().contains("egret.allow.java.serialization"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        StormNormalizer.checkJavaSerialization(n, true);
        // Storm's default (false) and an explicit false pass either way
        StormNormalizer.checkJavaSerialization(
                StormNormalizer.normalize("t", new HashMap<>(), b.createTopology())
                        .conf(),
                false);
        conf.put(Config.TOPOLOGY_FALL_BACK_ON_JAVA_SERIALIZATION, "false");
        StormNormalizer.checkJavaSerialization(
                StormNormalizer.normalize("t", conf, b.createTopology()).conf(), false);
    }
}

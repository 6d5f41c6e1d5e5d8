package org.egret.storm.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.egret.proto.Component;
import org.egret.proto.ComponentKind;
import org.egret.proto.GroupingType;
import org.egret.proto.InputStream;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.egret.storm.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

class TopologyTranslatorTest {
    static final String[] STREAMS = {
        "shuffle", "fields", "all", "global", "none", "direct", "local", "partial", "custom"
    };

    /** One spout with a stream per grouping, one bolt per grouping. */
    static StormTopology allGroupings() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("src", new Fixtures.StreamsSpout(STREAMS), 2)
                .setMemoryLoad(256, 64)
                .setCPULoad(50);
        b.setBolt("b-shuffle", new Fixtures.NoopBolt(), 4).shuffleGrouping("src", "shuffle");
        b.setBolt("b-fields", new Fixtures.NoopBolt(), 4).fieldsGrouping("src", "fields", new Fields("key"));
        b.setBolt("b-all", new Fixtures.NoopBolt(), 4).allGrouping("src", "all");
        b.setBolt("b-global", new Fixtures.NoopBolt(), 4).globalGrouping("src", "global");
        b.setBolt("b-none", new Fixtures.NoopBolt(), 4).noneGrouping("src", "none");
        b.setBolt("b-direct", new Fixtures.NoopBolt(), 4).directGrouping("src", "direct");
        b.setBolt("b-local", new Fixtures.NoopBolt(), 4).localOrShuffleGrouping("src", "local");
        b.setBolt("b-partial", new Fixtures.NoopBolt(), 4).partialKeyGrouping("src", "partial", new Fields("key"));
        b.setBolt("b-custom", new Fixtures.NoopBolt(), 4)
                .customGrouping("src", "custom", new Fixtures.HighestTaskGrouping());
        // a second bolt reading two streams, including another bolt's default stream
        b.setBolt("z-multi", new Fixtures.NoopBolt(), 1)
                .setNumTasks(3)
                .shuffleGrouping("b-shuffle")
                .fieldsGrouping("src", "fields", new Fields("n"));
        return b.createTopology();
    }

    static Topology translate(StormTopology t, Map<String, Object> conf, TopologyState state) {
        StormNormalizer.Normalized n = StormNormalizer.normalize("t", conf, t);
        return TopologyTranslator.translate("t-1", "t", n.topology(), n.conf(), state);
    }

    static InputStream input(Topology t, String component) {
        return t.getComponentsList().stream()
                .filter(c -> c.getName().equals(component))
                .findFirst()
                .orElseThrow()
                .getInputs(0);
    }

    static Component component(Topology t, String name) {
        return t.getComponentsList().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void translatesEveryGrouping() {
        Topology t = translate(allGroupings(), new HashMap<>(), TopologyState.RUNNING);
        assertEquals(GroupingType.SHUFFLE, input(t, "b-shuffle").getGrouping());
        assertEquals(GroupingType.FIELDS, input(t, "b-fields").getGrouping());
        assertEquals(List.of("key"), input(t, "b-fields").getFieldsList());
        assertEquals(GroupingType.ALL, input(t, "b-all").getGrouping());
        assertEquals(GroupingType.GLOBAL, input(t, "b-global").getGrouping());
        assertEquals(GroupingType.NONE, input(t, "b-none").getGrouping());
        assertEquals(GroupingType.DIRECT, input(t, "b-direct").getGrouping());
        assertEquals(GroupingType.LOCAL_OR_SHUFFLE, input(t, "b-local").getGrouping());
        assertEquals(GroupingType.PARTIAL_KEY, input(t, "b-partial").getGrouping());
        assertEquals(List.of("key"), input(t, "b-partial").getFieldsList());
        assertEquals(GroupingType.CUSTOM, input(t, "b-custom").getGrouping());
        assertEquals("src", input(t, "b-custom").getComponent());
        assertEquals("custom", input(t, "b-custom").getStream());

        Component multi = component(t, "z-multi");
        assertEquals(2, multi.getInputsCount());
        assertEquals("b-shuffle", multi.getInputs(0).getComponent());
        assertEquals("default", multi.getInputs(0).getStream());
        assertEquals(List.of("n"), multi.getInputs(1).getFieldsList());
        assertEquals(1, multi.getParallelism());
        assertEquals(3, multi.getTasks());
    }

    @Test
    void componentsStreamsAndResources() {
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_WORKERS, 3);
        conf.put(Config.STORM_ZOOKEEPER_TOPOLOGY_AUTH_PAYLOAD, "secret:pw");
        Topology t = translate(allGroupings(), conf, TopologyState.PAUSED);
        assertEquals("t-1", t.getId());
        assertEquals("t", t.getName());
        assertEquals(TopologyState.PAUSED, t.getState());
        assertEquals(3, t.getRequestedContainers());
        assertFalse(t.getConfigJson().contains("secret:pw"), "the ZooKeeper payload must not be visible");
        assertEquals(11, t.getComponentsCount());
        assertEquals("src", t.getComponents(0).getName());
        assertEquals(ComponentKind.SPOUT, t.getComponents(0).getKind());
        assertTrue(t.getComponentsList().subList(1, 11).stream().allMatch(c -> c.getKind() == ComponentKind.BOLT));

        Component src = t.getComponents(0);
        assertEquals(2, src.getParallelism());
        assertEquals(2, src.getTasks());
        assertEquals(256, src.getResources().getRamMb());
        assertEquals(64, src.getResources().getOffheapMb());
        assertEquals(0.5, src.getResources().getCpu(), 1e-9);
        assertEquals(STREAMS.length, src.getOutputsCount());
        assertTrue(src.getOutputsList().stream().anyMatch(o -> o.getStream().equals("direct") && o.getDirect()));
        assertTrue(src.getOutputsList().stream().allMatch(o -> o.getFieldsList().equals(List.of("key", "n"))));

        Component bolt = component(t, "b-all");
        assertEquals(128, bolt.getResources().getRamMb());
        assertEquals(0, bolt.getResources().getOffheapMb());
        assertEquals(0.1, bolt.getResources().getCpu(), 1e-9);
        assertEquals("out", bolt.getOutputs(0).getFields(0));
    }

    @Test
    void workersUnsetMeansZeroContainers() {
        assertEquals(
                0,
                translate(allGroupings(), new HashMap<>(), TopologyState.RUNNING)
                        .getRequestedContainers());
    }

    @Test
    void rejectsUnknownComponentAndStream() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("src", new Fixtures.StreamsSpout("a"), 1);
        b.setBolt("bolt", new Fixtures.NoopBolt(), 1).shuffleGrouping("nope");
        InvalidTopologyException e = assertThrows(
                InvalidTopologyException.class,
                () -> translate(b.createTopology(), new HashMap<>(), TopologyState.RUNNING));
        assertTrue(e.getMessage().contains("unknown component 'nope'"), e.getMessage());

        TopologyBuilder b2 = new TopologyBuilder();
        b2.setSpout("src", new Fixtures.StreamsSpout("a"), 1);
        b2.setBolt("bolt", new Fixtures.NoopBolt(), 1).shuffleGrouping("src", "b");
        e = assertThrows(
                InvalidTopologyException.class,
                () -> translate(b2.createTopology(), new HashMap<>(), TopologyState.RUNNING));
        assertTrue(e.getMessage().contains("unknown stream 'b'"), e.getMessage());

        TopologyBuilder b3 = new TopologyBuilder();
        b3.setSpout("src", new Fixtures.StreamsSpout("a"), 1);
        b3.setBolt("bolt", new Fixtures.NoopBolt(), 1).fieldsGrouping("src", "a", new Fields("missing"));
        e = assertThrows(
                InvalidTopologyException.class,
                () -> translate(b3.createTopology(), new HashMap<>(), TopologyState.RUNNING));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void rejectsZeroTasks() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("src", new Fixtures.StreamsSpout("a"), 1);
        b.setBolt("bolt", new Fixtures.NoopBolt(), 2).setNumTasks(0).shuffleGrouping("src", "a");
        InvalidTopologyException e = assertThrows(
                InvalidTopologyException.class,
                () -> translate(b.createTopology(), new HashMap<>(), TopologyState.RUNNING));
        assertTrue(e.getMessage().contains("'bolt'"), e.getMessage());
    }

    @Test
    void resourcesMapOverridesKeys() {
        Map<String, Object> merged = new HashMap<>();
        merged.put(
                Config.TOPOLOGY_COMPONENT_RESOURCES_MAP, Map.of("onheap.memory.mb", 512.0, "cpu.pcore.percent", 200.0));
        var r = TopologyTranslator.resources(merged);
        assertEquals(512, r.getRamMb());
        assertEquals(2.0, r.getCpu(), 1e-9);
    }
}

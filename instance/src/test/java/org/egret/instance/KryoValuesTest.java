package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.serialization.KryoValuesDeserializer;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Values;
import org.egret.storm.fixtures.Fixtures;
import org.egret.storm.translate.StormJson;
import org.egret.storm.translate.StormNormalizer;
import org.junit.jupiter.api.Test;

class KryoValuesTest {
    /** The conf an instance builds: normalized at capture, through JSON, then defaults + distributed. */
    static Map<String, Object> instanceConf(Map<String, Object> componentConf) {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("s", new Fixtures.ConfiguredSpout(componentConf, "a"), 1);
        StormNormalizer.Normalized n = StormNormalizer.normalize("t", new HashMap<>(), b.createTopology());
        return StormNormalizer.runtimeConf(StormJson.parseMap(StormJson.write(n.conf())));
    }

    @Test
    void userClassRegisteredByAComponentRoundTrips() {
        Map<String, Object> conf =
                instanceConf(Map.of(Config.TOPOLOGY_KRYO_REGISTER, List.of(Fixtures.Point.class.getName())));
        Values values = new Values(
                "word",
                42,
                7L,
                new Fixtures.Point(3, 4),
                new java.util.ArrayList<>(List.of(1, 2)),
                new HashMap<>(Map.of("k", "v")));
        byte[] bytes = new KryoValuesSerializer(conf).serialize(values);
        assertEquals(values, new KryoValuesDeserializer(conf).deserialize(bytes));
    }

    @Test
    void unregisteredUserClassFails() {
        Map<String, Object> conf = instanceConf(Map.of());
        assertThrows(
                RuntimeException.class,
                () -> new KryoValuesSerializer(conf).serialize(new Values(new Fixtures.Point(1, 2))));
    }
}

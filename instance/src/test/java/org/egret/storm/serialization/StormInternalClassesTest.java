package org.egret.storm.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.serialization.KryoValuesDeserializer;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.apache.storm.spout.CheckPointState;
import org.apache.storm.task.GeneralTopologyContext;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.MessageId;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.TupleImpl;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;
import org.egret.storm.fixtures.Fixtures;
import org.egret.storm.translate.StormJson;
import org.egret.storm.translate.StormNormalizer;
import org.junit.jupiter.api.Test;

class StormInternalClassesTest {
    /** The conf an instance runs with after capture normalized {@code submitted} (through JSON, as shipped). */
    private static Map<String, Object> instanceConf(Map<String, Object> submitted) {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("s", new Fixtures.StreamsSpout("a"), 1);
        StormNormalizer.Normalized n = StormNormalizer.normalize("t", new HashMap<>(submitted), b.createTopology());
        return StormNormalizer.runtimeConf(StormJson.parseMap(StormJson.write(n.conf())));
    }

    private static Map<String, Object> noJavaFallback(Map<String, Object> conf) {
        Map<String, Object> out = new HashMap<>(conf);
        out.put(Config.TOPOLOGY_FALL_BACK_ON_JAVA_SERIALIZATION, false);
        return out;
    }

    @Test
    void checkpointActionNeedsARegistrationOnStormAndHasOneInEgret() {
        Values checkpoint = new Values(7L, CheckPointState.Action.COMMIT);
        Map<String, Object> storm = noJavaFallback(Utils.readStormConfig());
        assertThrows(RuntimeException.class, () -> new KryoValuesSerializer(storm).serialize(checkpoint));

        Map<String, Object> egret = noJavaFallback(instanceConf(Map.of()));
        byte[] bytes = new KryoValuesSerializer(egret).serialize(checkpoint);
        assertEquals(checkpoint, new KryoValuesDeserializer(egret).deserialize(bytes));
    }

    @Test
    void aUserRegistrationOfTheSameClassKeepsKryoIdsAsTheyAre() {
        Map<String, Object> byDefault = noJavaFallback(
                instanceConf(Map.of(Config.TOPOLOGY_KRYO_REGISTER, List.of(Fixtures.Point.class.getName()))));
        Map<String, Object> byHand = noJavaFallback(instanceConf(Map.of(
                Config.TOPOLOGY_KRYO_REGISTER,
                List.of(CheckPointState.Action.class.getName(), Fixtures.Point.class.getName()))));
        Values values = new Values(3L, CheckPointState.Action.PREPARE, new Fixtures.Point(1, 2));
        byte[] a = new KryoValuesSerializer(byDefault).serialize(values);
        byte[] b = new KryoValuesSerializer(byHand).serialize(values);
        assertArrayEquals(a, b, "one process registering by hand and one by default must agree on ids");
        assertEquals(values, new KryoValuesDeserializer(byHand).deserialize(a));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theUsersOwnSerializerForAnInternalClassWins() {
        Map<String, Object> conf = instanceConf(Map.of(
                Config.TOPOLOGY_KRYO_REGISTER,
                List.of(Map.of(TupleImpl.class.getName(), "com.example.TheirTupleSerializer"))));
        Map<String, Object> reg = (Map<String, Object>) conf.get(Config.TOPOLOGY_KRYO_REGISTER);
        assertEquals("com.example.TheirTupleSerializer", reg.get(TupleImpl.class.getName()));
        assertEquals(true, reg.containsKey(CheckPointState.Action.class.getName()));
    }

    @Test
    void aTupleCarriedAsAValueArrivesWithItsFieldsValuesAndIds() {
        Map<String, Object> conf = noJavaFallback(instanceConf(Map.of()));
        Map<String, Map<String, Fields>> fields = Map.of("events", Map.of("default", new Fields("id", "ts")));
        GeneralTopologyContext sender = new GeneralTopologyContext(
                null, conf, Map.of(4, "events"), Map.of("events", List.of(4)), fields, "t-1");
        TupleImpl late = new TupleImpl(
                sender, new Values(12L, 3000L), "events", 4, "default", MessageId.makeId(Map.of(99L, 5L)));

        byte[] bytes = new KryoValuesSerializer(conf).serialize(new Values(late));
        List<Object> got = new KryoValuesDeserializer(conf).deserialize(bytes);
        Tuple t = assertInstanceOf(Tuple.class, got.get(0));
        assertEquals(12L, t.getLongByField("id"));
        assertEquals(3000L, t.getLongByField("ts"));
        assertEquals(List.of("id", "ts"), t.getFields().toList());
        assertEquals("events", t.getSourceComponent());
        assertEquals(4, t.getSourceTask());
        assertEquals("default", t.getSourceStreamId());
        assertEquals(Map.of(99L, 5L), t.getMessageId().getAnchorsToIds());
        assertEquals("events", t.getContext().getComponentId(4));
    }
}

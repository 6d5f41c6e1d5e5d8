package org.egret.storm.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.KryoException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TupleValuesReaderTest {
    /** An instance's conf, Values and int[] registered as a topology would register them. */
    private static final Map<String, Object> CONF = conf();

    private static Map<String, Object> conf() {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout(
                "s",
                new Fixtures.ConfiguredSpout(
                        Map.of(
                                Config.TOPOLOGY_KRYO_REGISTER,
                                List.of(Values.class.getName(), int[].class.getName(), String[].class.getName())),
                        "a"),
                1);
        StormNormalizer.Normalized n = StormNormalizer.normalize("t", new HashMap<>(), b.createTopology());
        return StormNormalizer.runtimeConf(StormJson.parseMap(StormJson.write(n.conf())));
    }

    @ParameterizedTest
    @EnumSource(KryoBombs.Kind.class)
    void aDeclaredLengthBeyondTheBytesIsRefusedBeforeAnyAllocation(KryoBombs.Kind kind) {
        byte[] bomb = KryoBombs.values(CONF, kind);
        assertTrue(bomb.length < 40, "a small frame: " + bomb.length);
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        KryoException e =
                assertThrows(KryoException.class, () -> new TupleValuesReader(CONF).read(bomb, 0, bomb.length));
        assertTrue(e.getMessage().contains("declares"), e.getMessage());
        long grown = rt.totalMemory() - rt.freeMemory() - before;
        assertTrue(grown < 64L << 20, "no large allocation: " + grown);
    }

    @Test
    void stormsOwnReaderWouldAllocateWhatTheBombsDeclare() {
        // the bombs are real: Storm's deserializer asks for arrays of 2^31 - 2 elements
        for (KryoBombs.Kind kind : List.of(KryoBombs.Kind.BYTES, KryoBombs.Kind.LIST, KryoBombs.Kind.STRING)) {
            byte[] bomb = KryoBombs.values(CONF, kind);
            assertThrows(OutOfMemoryError.class, () -> new KryoValuesDeserializer(CONF).deserialize(bomb), kind.name());
        }
    }

    @Test
    void everyDefaultTypeStillRoundTrips() {
        Values values = new Values(
                "wörd",
                42,
                7L,
                1.5,
                true,
                new byte[] {1, 2, 3},
                new int[] {4, 5},
                new ArrayList<>(List.of(1, "two")),
                new HashMap<>(Map.of("k", new ArrayList<>(), "k2", 3)),
                new HashSet<>(List.of("a", "b")),
                new Values("x", 1),
                new String[] {"p", null},
                new java.math.BigInteger("123456789012345678901234567890"),
                "",
                "é".repeat(300));
        byte[] bytes = new KryoValuesSerializer(CONF).serialize(values);
        List<Object> read = new TupleValuesReader(CONF).read(bytes, 0, bytes.length);
        assertEquals(values.size(), read.size());
        for (int i = 0; i < values.size(); i++) {
            Object want = values.get(i);
            Object got = read.get(i);
            if (want instanceof byte[] w) {
                assertEquals(java.util.Arrays.toString(w), java.util.Arrays.toString((byte[]) got));
            } else if (want instanceof int[] w) {
                assertEquals(java.util.Arrays.toString(w), java.util.Arrays.toString((int[]) got));
            } else if (want instanceof Object[] w) {
                assertEquals(java.util.Arrays.toString(w), java.util.Arrays.toString((Object[]) got));
            } else {
                assertEquals(want, got, "value " + i);
                assertEquals(want.getClass(), got.getClass(), "value " + i);
            }
        }
    }

    @Test
    void aValuesListInsideAFrameReadsFromItsOffset() {
        byte[] bytes = new KryoValuesSerializer(CONF).serialize(new Values("a", new ArrayList<>(List.of(1L, 2L))));
        byte[] framed = new byte[bytes.length + 20];
        System.arraycopy(bytes, 0, framed, 7, bytes.length);
        assertEquals(List.of("a", List.of(1L, 2L)), new TupleValuesReader(CONF).read(framed, 7, bytes.length));
    }
}

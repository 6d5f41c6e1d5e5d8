package org.egret.storm.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.storm.Config;
import org.apache.storm.serialization.KryoValuesDeserializer;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;
import org.junit.jupiter.api.Test;

/** The writer's bytes are Storm's KryoValuesSerializer's, for any values and whatever the topology registers. */
class TupleValuesWriterTest {
    @Test
    void writesStormsBytesForAnyValues() {
        Map<String, Object> conf = new HashMap<>(Utils.readDefaultConfig());
        TupleValuesWriter ours = new TupleValuesWriter(conf);
        assertTrue(ours.writesStringsDirectly(), "Storm's default Kryo takes the shortcut");
        KryoValuesSerializer storm = new KryoValuesSerializer(conf);
        KryoValuesDeserializer reader = new KryoValuesDeserializer(conf);
        SplittableRandom random = new SplittableRandom(11);
        Output out = new Output(64, -1);
        for (int i = 0; i < 20_000; i++) {
            List<Object> values = values(random);
            out.reset();
            ours.serializeInto(values, out);
            byte[] bytes = out.toBytes();
            assertArrayEquals(storm.serialize(values), bytes, () -> "values " + values);
            assertEquals(values, reader.deserialize(bytes));
        }
    }

    @Test
    void aSerializerOfTheUsersOwnForStringTurnsTheShortcutOff() {
        Map<String, Object> conf = new HashMap<>(Utils.readDefaultConfig());
        conf.put(Config.TOPOLOGY_KRYO_REGISTER, List.of(Map.of(String.class.getName(), Shouting.class.getName())));
        TupleValuesWriter ours = new TupleValuesWriter(conf);
        assertFalse(ours.writesStringsDirectly());
        Output out = new Output(64, -1);
        ours.serializeInto(new Values("a", "b"), out);
        assertArrayEquals(new KryoValuesSerializer(conf).serialize(new Values("a", "b")), out.toBytes());
        assertEquals(List.of("A!", "B!"), new KryoValuesDeserializer(conf).deserialize(out.toBytes()));
    }

    @Test
    void referencesOnTurnTheShortcutOff() {
        Map<String, Object> conf = new HashMap<>(Utils.readDefaultConfig());
        conf.put(Config.TOPOLOGY_KRYO_FACTORY, ReferencesOn.class.getName());
        TupleValuesWriter ours = new TupleValuesWriter(conf);
        assertFalse(ours.writesStringsDirectly());
        Output out = new Output(64, -1);
        ours.serializeInto(new Values("a", "a"), out);
        assertArrayEquals(new KryoValuesSerializer(conf).serialize(new Values("a", "a")), out.toBytes());
    }

    private static List<Object> values(SplittableRandom r) {
        int n = r.nextInt(6);
        List<Object> v = r.nextInt(20) == 0 ? new LinkedList<>() : new ArrayList<>();
        boolean mixed = r.nextInt(3) == 0;
        for (int i = 0; i < n; i++) {
            int kind = mixed ? r.nextInt(4) : 0;
            v.add(
                    switch (kind) {
                        case 0 -> string(r);
                        case 1 -> r.nextLong();
                        case 2 -> null;
                        default -> r.nextInt();
                    });
        }
        return v;
    }

    private static String string(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(300) == 0 ? 200 + r.nextInt(5000) : r.nextInt(20);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            b.appendCodePoint(
                    kind < 7 ? 'a' + r.nextInt(26) : kind < 9 ? 0x80 + r.nextInt(0x700) : 0x1F600 + r.nextInt(50));
        }
        return b.toString();
    }

    /** A serializer of the user's own for String: it changes the bytes, so the shortcut must not apply. */
    public static final class Shouting extends Serializer<String> {
        @Override
        public void write(Kryo kryo, Output output, String s) {
            output.writeString(s.toUpperCase() + "!");
        }

        @Override
        public String read(Kryo kryo, Input input, Class<? extends String> type) {
            return input.readString();
        }
    }

    /** A Kryo factory that turns references on. */
    public static final class ReferencesOn extends org.apache.storm.serialization.DefaultKryoFactory {
        @Override
        public Kryo getKryo(Map<String, Object> conf) {
            Kryo k = super.getKryo(conf);
            k.setReferences(true);
            return k;
        }
    }
}

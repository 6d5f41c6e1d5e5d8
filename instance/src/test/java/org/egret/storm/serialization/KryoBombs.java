package org.egret.storm.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.apache.storm.serialization.SerializationFactory;
import org.apache.storm.tuple.Values;

/**
 * Tuple values as a hostile sender writes them: a list of two values, the second declaring
 * {@code Integer.MAX_VALUE - 1} elements (or chars) that the few bytes after it cannot hold. Written
 * by hand in Kryo 5's format (a collection: its length + 1 as a flagged varint, then each element with
 * its class), with the topology's own registration ids.
 */
public final class KryoBombs {
    private static final int HUGE_PLUS_ONE = Integer.MAX_VALUE;

    /** What a bomb declares. */
    public enum Kind {
        /** The tuple's own list of values. */
        TUPLE,
        LIST,
        VALUES,
        SET,
        MAP,
        BYTES,
        STRING,
        INTS
    }

    private KryoBombs() {}

    public static byte[] values(Map<String, Object> topoConf, Kind kind) {
        Kryo kryo = SerializationFactory.getKryo(topoConf);
        Output out = new Output(128, -1);
        if (kind == Kind.TUPLE) {
            out.writeVarIntFlag(false, HUGE_PLUS_ONE, true);
            kryo.writeClassAndObject(out, "k");
            return out.toBytes();
        }
        out.writeVarIntFlag(false, 2 + 1, true); // the tuple's list: two values of different classes
        kryo.writeClassAndObject(out, "k");
        switch (kind) {
            case LIST -> collection(kryo, out, ArrayList.class);
            case VALUES -> collection(kryo, out, Values.class);
            case SET -> collection(kryo, out, HashSet.class);
            case MAP -> {
                kryo.writeClass(out, HashMap.class);
                out.writeVarInt(HUGE_PLUS_ONE, true);
                kryo.writeClassAndObject(out, "key");
                kryo.writeClassAndObject(out, "value");
            }
            case BYTES -> {
                kryo.writeClass(out, byte[].class);
                out.writeVarInt(HUGE_PLUS_ONE, true);
                out.writeBytes(new byte[] {1, 2, 3});
            }
            case STRING -> {
                kryo.writeClass(out, String.class);
                out.writeVarIntFlag(true, HUGE_PLUS_ONE, true);
                out.writeBytes(new byte[] {'a', 'b', 'c'});
            }
            case INTS -> {
                kryo.register(int[].class);
                kryo.writeClass(out, int[].class);
                out.writeVarInt(HUGE_PLUS_ONE, true);
                out.writeInt(1);
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        return out.toBytes();
    }

    private static void collection(Kryo kryo, Output out, Class<?> type) {
        kryo.writeClass(out, type);
        out.writeVarIntFlag(false, HUGE_PLUS_ONE, true);
        kryo.writeClassAndObject(out, 1L);
    }
}

package org.egret.storm.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.StringSerializer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.apache.storm.serialization.SerializationFactory;
import org.apache.storm.serialization.types.ListDelegateSerializer;
import org.apache.storm.utils.ListDelegate;

/**
 * Writes a tuple's values as Storm's KryoValuesSerializer does: the topology's Kryo, with its
 * registrations, writing the values as a ListDelegate. Values that are all strings, the commonest
 * tuple, skip Kryo's per-element work (the element-class scan, generics bookkeeping and one call
 * chain per element took about a third of a WordCount spout's thread) and are written directly as
 * the bytes Kryo's collection serializer writes for them: the element count with the "one class"
 * flag, the class id of String, "no nulls", then each string. That shortcut is taken only when String
 * and ListDelegate have Kryo's and Storm's own serializers (not one of the user's, nor a
 * topology.tuple.serializer) and, for a probe list, it gives exactly the bytes the topology's Kryo
 * gives (a Kryo factory or references turned on change them), so readers cannot tell the difference.
 * One thread.
 */
public final class TupleValuesWriter {
    private static final List<Object> PROBE = List.of("a", "ünï", "");

    private final Kryo kryo;
    private final ListDelegate delegate = new ListDelegate();
    /** Kryo's varint for String's class id, or -1 when strings go through Kryo like everything else. */
    private final int stringClassTag;

    public TupleValuesWriter(Map<String, Object> topoConf) {
        this.kryo = SerializationFactory.getKryo(topoConf);
        this.stringClassTag = stringClassTag(kryo);
    }

    private int stringClassTag(Kryo k) {
        Registration r = k.getClassResolver().getRegistration(String.class);
        Registration list = k.getClassResolver().getRegistration(ListDelegate.class);
        if (r == null
                || r.getId() < 0
                || r.getSerializer().getClass() != StringSerializer.class
                || list == null
                || list.getSerializer().getClass() != ListDelegateSerializer.class) {
            return -1; // topology.tuple.serializer, or a serializer of the user's own for String
        }
        int tag = r.getId() + 2; // DefaultClassResolver: 0 and 1 stand for null and "by name"
        Output viaKryo = new Output(64, -1);
        delegate.setDelegate(PROBE);
        k.writeObject(viaKryo, delegate);
        Output direct = new Output(64, -1);
        writeStrings(PROBE, tag, direct);
        return Arrays.equals(viaKryo.toBytes(), direct.toBytes()) ? tag : -1;
    }

    /** True when the shortcut for all-string values is on (the probe matched). */
    public boolean writesStringsDirectly() {
        return stringClassTag >= 0;
    }

    /** Appends {@code values} to {@code out}. */
    public void serializeInto(List<Object> values, Output out) {
        if (stringClassTag >= 0 && values instanceof RandomAccess && allStrings(values)) {
            writeStrings(values, stringClassTag, out);
            return;
        }
        delegate.setDelegate(values);
        kryo.writeObject(out, delegate);
    }

    private static boolean allStrings(List<Object> values) {
        int n = values.size();
        for (int i = 0; i < n; i++) {
            if (!(values.get(i) instanceof String)) {
                return false; // nulls and other classes included
            }
        }
        return n > 0;
    }

    private static void writeStrings(List<Object> values, int stringClassTag, Output out) {
        int n = values.size();
        out.writeVarIntFlag(true, n + 1, true);
        out.writeVarInt(stringClassTag, true);
        out.writeBoolean(false);
        for (int i = 0; i < n; i++) {
            out.writeString((String) values.get(i));
        }
    }
}

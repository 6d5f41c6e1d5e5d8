package org.egret.it;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Output;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.storm.serialization.KryoValuesSerializer;
import org.apache.storm.serialization.SerializationFactory;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.ListDelegate;
import org.apache.storm.utils.Utils;
import org.egret.net.frame.TaskBatchWriter;

/**
 * TASK_BATCH frames an attacker writes: one unanchored tuple for a task, its values serialized as
 * an instance would (Storm's Kryo with Storm's default registrations), or a Kryo bomb.
 */
final class ForgedTuples {
    private ForgedTuples() {}

    /** A whole frame (length prefix included): one tuple, {@code values}, from {@code sourceTask} to {@code destTask}. */
    static byte[] batch(int sourceTask, int destTask, byte[] values) {
        TaskBatchWriter w = new TaskBatchWriter(destTask);
        w.add(sourceTask, "default".getBytes(StandardCharsets.UTF_8), values, values.length, null);
        ByteBuf frame = w.take();
        try {
            byte[] bytes = new byte[frame.readableBytes()];
            frame.getBytes(frame.readerIndex(), bytes);
            return bytes;
        } finally {
            frame.release();
        }
    }

    /** The values of a tuple {@code [id]}, as Storm serializes them. */
    static byte[] idValues(long id) {
        return new KryoValuesSerializer(Utils.readDefaultConfig()).serialize(new Values(id));
    }

    /**
     * The values of a tuple whose only value is an ArrayList that says it holds {@code declared}
     * elements but brings one: a reader that sizes the list by what the bytes declare asks for an
     * array of that many references.
     */
    static byte[] bombValues(int declared) {
        Map<String, Object> conf = Utils.readDefaultConfig();
        Kryo kryo = SerializationFactory.getKryo(conf);
        Registration arrayList = kryo.getRegistration(ArrayList.class);
        // written under ArrayList's id, with ArrayList's serializer, so the receiver reads an ArrayList
        kryo.register(new Registration(DeclaredList.class, arrayList.getSerializer(), arrayList.getId()));
        ListDelegate tuple = new ListDelegate();
        tuple.setDelegate(List.of(new DeclaredList(declared)));
        Output out = new Output(256, -1);
        kryo.writeObject(out, tuple);
        return out.toBytes();
    }

    /** A list whose size is a lie. */
    private static final class DeclaredList extends ArrayList<Object> {
        private final int declared;

        DeclaredList(int declared) {
            super(List.of(7L));
            this.declared = declared;
        }

        @Override
        public int size() {
            return declared;
        }

        @Override
        public Iterator<Object> iterator() {
            return List.<Object>of(7L).iterator();
        }
    }
}

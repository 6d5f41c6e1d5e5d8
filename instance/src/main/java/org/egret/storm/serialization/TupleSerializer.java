package org.egret.storm.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.task.GeneralTopologyContext;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.MessageId;
import org.apache.storm.tuple.TupleImpl;

/**
 * Kryo serializer for a Storm tuple carried as a value of another tuple. Storm does that itself:
 * a windowed bolt's late-tuple stream emits {@code new Values(input)}. On Storm it only works while
 * sender and receiver share a worker (the tuple is passed by reference); in Egret every task has a
 * JVM of its own, so the tuple must travel.
 *
 * <p>It travels as what its reader can use: source component, task, stream, field names, values
 * and message id. The receiver rebuilds a {@link TupleImpl} over a context that knows just that
 * source's fields, so field access works; the rest of {@code getContext()} is empty, because the
 * sender's topology context cannot travel.
 */
public final class TupleSerializer extends Serializer<TupleImpl> {
    private final Map<String, Object> topoConf;
    /** One small context per source stream and fields seen: late tuples of a stream share it. */
    private final Map<List<Object>, GeneralTopologyContext> contexts = new HashMap<>();

    /** Storm's SerializationFactory picks this constructor and hands over the topology config. */
    public TupleSerializer(Kryo kryo, Class<?> type, Map<String, Object> topoConf) {
        this.topoConf = topoConf == null ? Map.of() : topoConf;
    }

    @Override
    public void write(Kryo kryo, Output out, TupleImpl tuple) {
        out.writeString(tuple.getSourceComponent());
        out.writeInt(tuple.getSourceTask(), true);
        out.writeString(tuple.getSourceStreamId());
        List<String> fields = tuple.getFields().toList();
        out.writeInt(fields.size(), true);
        for (String f : fields) {
            out.writeString(f);
        }
        List<Object> values = tuple.getValues();
        out.writeInt(values.size(), true);
        for (Object v : values) {
            kryo.writeClassAndObject(out, v);
        }
        Map<Long, Long> anchors = tuple.getMessageId().getAnchorsToIds();
        out.writeInt(anchors.size(), true);
        for (Map.Entry<Long, Long> e : anchors.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    @Override
    public TupleImpl read(Kryo kryo, Input in, Class<? extends TupleImpl> type) {
        String component = in.readString();
        int task = in.readInt(true);
        String stream = in.readString();
        int fieldCount = in.readInt(true);
        DeclaredLengths.check(in, fieldCount, 1, "late tuple's field list");
        List<String> fields = new ArrayList<>(fieldCount);
        for (int i = 0; i < fieldCount; i++) {
            fields.add(in.readString());
        }
        int valueCount = in.readInt(true);
        DeclaredLengths.check(in, valueCount, 1, "late tuple's value list");
        List<Object> values = new ArrayList<>(valueCount);
        for (int i = 0; i < valueCount; i++) {
            values.add(kryo.readClassAndObject(in));
        }
        int anchorCount = in.readInt(true);
        DeclaredLengths.check(in, anchorCount, 16, "late tuple's anchor list");
        Map<Long, Long> anchors = new HashMap<>();
        for (int i = 0; i < anchorCount; i++) {
            anchors.put(in.readLong(), in.readLong());
        }
        GeneralTopologyContext context = contexts.computeIfAbsent(
                List.of(component, task, stream, fields), k -> sourceContext(component, task, stream, fields));
        return new TupleImpl(context, values, component, task, stream, MessageId.makeId(anchors));
    }

    private GeneralTopologyContext sourceContext(String component, int task, String stream, List<String> fields) {
        Map<String, Map<String, Fields>> streams = new HashMap<>();
        streams.computeIfAbsent(component, c -> new HashMap<>()).put(stream, new Fields(fields));
        Map<Integer, String> taskToComponent = new HashMap<>();
        taskToComponent.put(task, component);
        Map<String, List<Integer>> componentToTasks = new HashMap<>();
        componentToTasks.put(component, List.of(task));
        return new GeneralTopologyContext(
                null, topoConf, taskToComponent, componentToTasks, streams, (String) topoConf.get(Config.STORM_ID));
    }
}

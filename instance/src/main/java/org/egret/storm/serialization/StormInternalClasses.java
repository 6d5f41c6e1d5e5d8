package org.egret.storm.serialization;

import java.util.Map;
import java.util.TreeMap;
import org.apache.storm.spout.CheckPointState;
import org.apache.storm.tuple.TupleImpl;

/**
 * Storm's own classes that travel in tuples but that Storm's SerializationFactory does not
 * register. Storm leaves them to the user (every stateful topology with more than one
 * worker must register {@code CheckPointState.Action}); Egret registers them at submit, where the
 * topology config is normalized, so every process reads the same list and Kryo's ids agree.
 */
public final class StormInternalClasses {
    private StormInternalClasses() {}

    /**
     * Class name -> serializer class name (null: Kryo's default for the class), in the shape of
     * {@code topology.kryo.register}.
     */
    public static Map<String, String> registrations() {
        Map<String, String> out = new TreeMap<>();
        // CheckpointSpout, StatefulBoltExecutor and CheckpointTupleForwarder emit (txid, action)
        out.put(CheckPointState.Action.class.getName(), null);
        // a windowed bolt's late-tuple stream emits the late input tuple itself
        out.put(TupleImpl.class.getName(), TupleSerializer.class.getName());
        return out;
    }
}

package org.egret.storm.translate;

import java.util.Map;
import java.util.TreeMap;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.SpoutSpec;
import org.apache.storm.generated.StateSpoutSpec;
import org.apache.storm.generated.StormTopology;

/** Uniform access to the spouts, bolts (and state spouts) of a Thrift topology, sorted by name. */
public final class StormComponents {
    private StormComponents() {}

    /** Whether a component or stream id is one of Storm's system ids ("__acker", "__tick", ...). */
    public static boolean isSystemId(String id) {
        return id.startsWith("__");
    }

    /** Every component's common part, sorted by name. */
    public static Map<String, ComponentCommon> commons(StormTopology topology) {
        Map<String, ComponentCommon> out = new TreeMap<>();
        if (topology.get_spouts() != null) {
            for (Map.Entry<String, SpoutSpec> e : topology.get_spouts().entrySet()) {
                out.put(e.getKey(), e.getValue().get_common());
            }
        }
        if (topology.get_bolts() != null) {
            for (Map.Entry<String, Bolt> e : topology.get_bolts().entrySet()) {
                out.put(e.getKey(), e.getValue().get_common());
            }
        }
        if (topology.get_state_spouts() != null) {
            for (Map.Entry<String, StateSpoutSpec> e :
                    topology.get_state_spouts().entrySet()) {
                out.put(e.getKey(), e.getValue().get_common());
            }
        }
        return out;
    }

    public static boolean isSpout(StormTopology topology, String component) {
        return topology.get_spouts() != null && topology.get_spouts().containsKey(component);
    }

    public static int parallelismHint(ComponentCommon common) {
        return common.is_set_parallelism_hint() ? common.get_parallelism_hint() : 1;
    }
}

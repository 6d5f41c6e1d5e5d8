package org.egret.instance;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.storm.Config;
import org.apache.storm.Thrift;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.ComponentObject;
import org.apache.storm.generated.JavaObject;
import org.apache.storm.generated.ShellComponent;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.spout.ShellSpout;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.utils.Utils;
import org.egret.storm.translate.StormComponents;
import org.egret.storm.translate.StormJson;

/** Creates a component's user object and its effective config, following Storm's executor rules. */
public final class ComponentFactory {
    /** Topology keys a component's own config may override (Storm's executor keeps these). */
    private static final Set<String> COMPONENT_OVERRIDABLE = Set.of(
            Config.TOPOLOGY_DEBUG,
            Config.TOPOLOGY_MAX_SPOUT_PENDING,
            Config.TOPOLOGY_MAX_TASK_PARALLELISM,
            Config.TOPOLOGY_TRANSACTIONAL_ID,
            Config.TOPOLOGY_TICK_TUPLE_FREQ_SECS,
            Config.TOPOLOGY_SLEEP_SPOUT_WAIT_STRATEGY_TIME_MS,
            Config.TOPOLOGY_SPOUT_WAIT_STRATEGY,
            Config.TOPOLOGY_BOLTS_WINDOW_LENGTH_COUNT,
            Config.TOPOLOGY_BOLTS_WINDOW_LENGTH_DURATION_MS,
            Config.TOPOLOGY_BOLTS_SLIDING_INTERVAL_COUNT,
            Config.TOPOLOGY_BOLTS_SLIDING_INTERVAL_DURATION_MS,
            Config.TOPOLOGY_BOLTS_TUPLE_TIMESTAMP_MAX_LAG_MS,
            Config.TOPOLOGY_BOLTS_MESSAGE_ID_FIELD_NAME,
            Config.TOPOLOGY_STATE_PROVIDER,
            Config.TOPOLOGY_STATE_PROVIDER_CONFIG,
            Config.TOPOLOGY_BOLTS_LATE_TUPLE_STREAM);

    private static volatile Set<String> configKeys;

    private ComponentFactory() {}

    /** The user's spout or bolt object (serialized Java, a Java object description, or a shell component). */
    public static Object create(StormTopology topology, String component) {
        boolean spout = StormComponents.isSpout(topology, component);
        ComponentObject co;
        if (spout) {
            co = topology.get_spouts().get(component).get_spout_object();
        } else if (topology.get_bolts().containsKey(component)) {
            co = topology.get_bolts().get(component).get_bolt_object();
        } else {
            throw new IllegalArgumentException("component " + component + " is neither a spout nor a bolt");
        }
        Object o = Utils.getSetComponentObject(co);
        if (o instanceof ShellComponent sc) {
            o = spout ? new ShellSpout(sc) : new ShellBolt(sc);
        } else if (o instanceof JavaObject jo) {
            o = Thrift.instantiateJavaObject(jo);
        }
        return o;
    }

    /**
     * The config a component's open/prepare receives: the topology config overlaid with the component's own
     * json_conf, minus topology-level keys it may not override (as Storm's executor does).
     */
    public static Map<String, Object> componentConf(Map<String, Object> topoConf, ComponentCommon common) {
        Map<String, Object> comp = StormJson.parseMap(common.get_json_conf());
        for (String k : allConfigKeys()) {
            if (!COMPONENT_OVERRIDABLE.contains(k)) {
                comp.remove(k);
            }
        }
        Map<String, Object> ret = new HashMap<>(topoConf);
        ret.putAll(comp);
        return ret;
    }

    private static Set<String> allConfigKeys() {
        Set<String> keys = configKeys;
        if (keys == null) {
            keys = new HashSet<>();
            for (Field f : Config.class.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    try {
                        keys.add((String) f.get(null));
                    } catch (IllegalAccessException e) {
                        // public static: cannot happen
                    }
                }
            }
            configKeys = keys;
        }
        return keys;
    }
}

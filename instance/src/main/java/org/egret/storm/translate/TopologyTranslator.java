package org.egret.storm.translate;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Grouping;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.StreamInfo;
import org.apache.storm.grouping.CustomStreamGrouping;
import org.apache.storm.grouping.PartialKeyGrouping;
import org.apache.storm.tuple.Fields;
import org.apache.storm.utils.ObjectReader;
import org.apache.storm.utils.Utils;
import org.egret.proto.Component;
import org.egret.proto.ComponentKind;
import org.egret.proto.GroupingType;
import org.egret.proto.InputStream;
import org.egret.proto.OutputStream;
import org.egret.proto.Resources;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a normalized Storm topology into Egret's logical plan ({@link Topology}). */
public final class TopologyTranslator {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyTranslator.class);

    private TopologyTranslator() {}

    /** A fresh topology id: the name plus a random suffix. */
    public static String newTopologyId(String name) {
        return name + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /**
     * Translates; validates first.
     *
     * @param normalizedConf the normalized topology config (user keys), without storm-client defaults
     */
    public static Topology translate(
            String id, String name, StormTopology topology, Map<String, Object> normalizedConf, TopologyState state) {
        validate(topology, normalizedConf);
        Map<String, Object> total = Utils.readStormConfig();
        total.putAll(normalizedConf);
        Topology.Builder t = Topology.newBuilder()
                .setId(id)
                .setName(name)
                .setState(state)
                .setConfigJson(StormJson.write(visibleConf(normalizedConf)))
                .setRequestedContainers(ObjectReader.getInt(normalizedConf.get(Config.TOPOLOGY_WORKERS), 0));
        Map<String, ComponentCommon> commons = StormComponents.commons(topology);
        Set<String> consumers = MetricsConsumerComponents.ids(normalizedConf);
        // spouts first, then bolts; each group sorted by name
        for (boolean spouts : new boolean[] {true, false}) {
            for (Map.Entry<String, ComponentCommon> e : commons.entrySet()) {
                if ((StormComponents.isSystemId(e.getKey()) && !consumers.contains(e.getKey()))
                        || StormComponents.isSpout(topology, e.getKey()) != spouts) {
                    continue;
                }
                t.addComponents(component(e.getKey(), spouts, e.getValue(), total));
            }
        }
        return t.build();
    }

    /** The config without secrets (the ZooKeeper auth payload StormSubmitter adds), for everything that shows it. */
    public static Map<String, Object> visibleConf(Map<String, Object> conf) {
        Map<String, Object> out = new TreeMap<>(conf);
        out.remove(Config.STORM_ZOOKEEPER_TOPOLOGY_AUTH_PAYLOAD);
        return out;
    }

    private static Component component(String name, boolean spout, ComponentCommon common, Map<String, Object> total) {
        Map<String, Object> compConf = StormJson.parseMap(common.get_json_conf());
        Map<String, Object> merged = new HashMap<>(total);
        merged.putAll(compConf);
        Component.Builder c = Component.newBuilder()
                .setName(name)
                .setKind(spout ? ComponentKind.SPOUT : ComponentKind.BOLT)
                .setParallelism(StormComponents.parallelismHint(common))
                .setTasks(StormNormalizer.componentTasks(total, common))
                .setResources(resources(merged))
                .setConfigJson(common.is_set_json_conf() ? common.get_json_conf() : "{}");
        for (Map.Entry<String, StreamInfo> s : new TreeMap<>(common.get_streams()).entrySet()) {
            if (StormComponents.isSystemId(s.getKey())) {
                continue;
            }
            c.addOutputs(OutputStream.newBuilder()
                    .setStream(s.getKey())
                    .addAllFields(s.getValue().get_output_fields())
                    .setDirect(s.getValue().is_direct()));
        }
        List<Map.Entry<GlobalStreamId, Grouping>> inputs =
                new ArrayList<>(common.get_inputs().entrySet());
        inputs.sort((a, b) -> (a.getKey().get_componentId() + "\0" + a.getKey().get_streamId())
                .compareTo(b.getKey().get_componentId() + "\0" + b.getKey().get_streamId()));
        for (Map.Entry<GlobalStreamId, Grouping> in : inputs) {
            GlobalStreamId id = in.getKey();
            if (StormComponents.isSystemId(id.get_componentId()) || StormComponents.isSystemId(id.get_streamId())) {
                continue;
            }
            InputStream.Builder ib =
                    InputStream.newBuilder().setComponent(id.get_componentId()).setStream(id.get_streamId());
            grouping(in.getValue(), ib);
            c.addInputs(ib);
        }
        return c.build();
    }

    static void grouping(Grouping g, InputStream.Builder in) {
        switch (g.getSetField()) {
            case FIELDS -> {
                if (g.get_fields().isEmpty()) {
                    in.setGrouping(GroupingType.GLOBAL);
                } else {
                    in.setGrouping(GroupingType.FIELDS).addAllFields(g.get_fields());
                }
            }
            case SHUFFLE -> in.setGrouping(GroupingType.SHUFFLE);
            case ALL -> in.setGrouping(GroupingType.ALL);
            case NONE -> in.setGrouping(GroupingType.NONE);
            case DIRECT -> in.setGrouping(GroupingType.DIRECT);
            case LOCAL_OR_SHUFFLE -> in.setGrouping(GroupingType.LOCAL_OR_SHUFFLE);
            case CUSTOM_OBJECT -> in.setGrouping(GroupingType.CUSTOM);
            case CUSTOM_SERIALIZED -> {
                in.setGrouping(GroupingType.CUSTOM);
                try {
                    CustomStreamGrouping custom =
                            Utils.javaDeserialize(g.get_custom_serialized(), CustomStreamGrouping.class);
                    if (custom instanceof PartialKeyGrouping) {
                        List<String> fields = partialKeyFields((PartialKeyGrouping) custom);
                        in.setGrouping(GroupingType.PARTIAL_KEY);
                        if (fields != null) {
                            in.addAllFields(fields);
                        }
                    }
                } catch (RuntimeException | LinkageError e) {
                    LOG.debug("cannot inspect a custom grouping; it stays CUSTOM", e);
                }
            }
            default -> throw new InvalidTopologyException("unsupported grouping " + g.getSetField());
        }
    }

    private static List<String> partialKeyFields(PartialKeyGrouping g) {
        try {
            Field f = PartialKeyGrouping.class.getDeclaredField("fields");
            f.setAccessible(true);
            Fields fields = (Fields) f.get(g);
            return fields == null ? null : fields.toList();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static Resources resources(Map<String, Object> merged) {
        double onHeap = ObjectReader.getDouble(merged.get(Config.TOPOLOGY_COMPONENT_RESOURCES_ONHEAP_MEMORY_MB), 128.0);
        double offHeap = ObjectReader.getDouble(merged.get(Config.TOPOLOGY_COMPONENT_RESOURCES_OFFHEAP_MEMORY_MB), 0.0);
        double cpuPct = ObjectReader.getDouble(merged.get(Config.TOPOLOGY_COMPONENT_CPU_PCORE_PERCENT), 10.0);
        Object map = merged.get(Config.TOPOLOGY_COMPONENT_RESOURCES_MAP);
        if (map instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                if (!(e.getValue() instanceof Number n)) {
                    continue;
                }
                String k = e.getKey();
                if (k.equals(Config.TOPOLOGY_COMPONENT_RESOURCES_ONHEAP_MEMORY_MB)
                        || k.equals(Constants.COMMON_ONHEAP_MEMORY_RESOURCE_NAME)) {
                    onHeap = n.doubleValue();
                } else if (k.equals(Config.TOPOLOGY_COMPONENT_RESOURCES_OFFHEAP_MEMORY_MB)
                        || k.equals(Constants.COMMON_OFFHEAP_MEMORY_RESOURCE_NAME)) {
                    offHeap = n.doubleValue();
                } else if (k.equals(Config.TOPOLOGY_COMPONENT_CPU_PCORE_PERCENT)
                        || k.equals(Constants.COMMON_CPU_RESOURCE_NAME)) {
                    cpuPct = n.doubleValue();
                }
            }
        }
        return Resources.newBuilder()
                .setRamMb((long) Math.ceil(onHeap))
                .setOffheapMb((long) Math.ceil(offHeap))
                .setCpu(cpuPct / 100.0)
                .build();
    }

    /** The checks Nimbus makes (and a few Egret needs); throws with a message naming the component. */
    public static void validate(StormTopology topology, Map<String, Object> normalizedConf) {
        if (topology.get_spouts() == null || topology.get_spouts().isEmpty()) {
            throw new InvalidTopologyException("the topology has no spout");
        }
        Map<String, Object> total = Utils.readStormConfig();
        total.putAll(normalizedConf);
        Map<String, ComponentCommon> commons = StormComponents.commons(topology);
        // the metrics consumers' components are the only system components Egret runs as tasks
        Set<String> consumers = MetricsConsumerComponents.ids(normalizedConf);
        for (Map.Entry<String, ComponentCommon> e : commons.entrySet()) {
            String name = e.getKey();
            ComponentCommon common = e.getValue();
            if (StormComponents.isSystemId(name) && !consumers.contains(name)) {
                throw new InvalidTopologyException(
                        "component id '" + name + "' is reserved (ids starting with __ are Storm's)");
            }
            int hint = StormComponents.parallelismHint(common);
            if (hint <= 0) {
                throw new InvalidTopologyException(
                        "component '" + name + "' has parallelism " + hint + " (must be at least 1)");
            }
            int tasks = StormNormalizer.componentTasks(total, common);
            if (tasks <= 0) {
                throw new InvalidTopologyException(
                        "component '" + name + "' has " + tasks + " tasks (topology.tasks must be at least 1)");
            }
            for (Map.Entry<GlobalStreamId, Grouping> in : common.get_inputs().entrySet()) {
                String src = in.getKey().get_componentId();
                String stream = in.getKey().get_streamId();
                if (StormComponents.isSystemId(src) || StormComponents.isSystemId(stream)) {
                    continue;
                }
                ComponentCommon up = commons.get(src);
                if (up == null) {
                    throw new InvalidTopologyException(
                            "component '" + name + "' subscribes to unknown component '" + src + "'");
                }
                StreamInfo info = up.get_streams().get(stream);
                if (info == null) {
                    throw new InvalidTopologyException("component '" + name + "' subscribes to unknown stream '"
                            + stream + "' of component '" + src + "'");
                }
                Grouping g = in.getValue();
                if (g.getSetField() == Grouping._Fields.FIELDS) {
                    for (String f : g.get_fields()) {
                        if (!info.get_output_fields().contains(f)) {
                            throw new InvalidTopologyException("component '" + name + "' groups stream '" + stream
                                    + "' of '" + src + "' by field '" + f + "', which that stream does not declare "
                                    + info.get_output_fields());
                        }
                    }
                }
            }
        }
    }
}

package org.egret.storm.translate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.storm.Config;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.utils.ObjectReader;
import org.apache.storm.utils.Utils;
import org.egret.cli.SubmitKeys;
import org.egret.storm.serialization.StormInternalClasses;

/**
 * Normalizes a submitted topology the way Nimbus does before it hands it to workers: Kryo registrations
 * and decorators of every component move into the topology config (so every JVM assigns the same Kryo
 * ids), Storm's internal classes that travel in tuples are registered too ({@link StormInternalClasses}),
 * and every component's json_conf gets its final {@code topology.tasks}.
 */
public final class StormNormalizer {
    private StormNormalizer() {}

    /** A normalized topology and its normalized (user-level) config. */
    public record Normalized(StormTopology topology, Map<String, Object> conf) {}

    /** Normalizes conf and topology; the inputs are not modified. */
    public static Normalized normalize(String name, Map<String, Object> submittedConf, StormTopology topology) {
        Map<String, Object> defaults = Utils.readStormConfig();
        Map<String, Object> conf = normalizeConf(defaults, submittedConf, topology);
        conf.put(Config.TOPOLOGY_NAME, name);
        Map<String, Object> total = new HashMap<>(defaults);
        total.putAll(conf);
        return new Normalized(normalizeTopology(total, topology), conf);
    }

    /**
     * Refuses {@code topology.fall.back.on.java.serialization: true} unless the cluster allows it: with
     * it a task reads values of unregistered classes with Java serialization, so whoever can put a tuple
     * on its connection chooses what code its deserialization runs. The value an instance would run
     * with counts (storm-client's defaults, a storm.yaml in the jar, then the topology's own config).
     */
    public static void checkJavaSerialization(Map<String, Object> normalizedConf, boolean allowed) {
        Object fallBack = runtimeConf(normalizedConf).get(Config.TOPOLOGY_FALL_BACK_ON_JAVA_SERIALIZATION);
        if (!allowed && "true".equalsIgnoreCase(String.valueOf(fallBack))) {
            throw new InvalidTopologyException(Config.TOPOLOGY_FALL_BACK_ON_JAVA_SERIALIZATION + ": true is refused:"
                    + " Java serialization of tuple values runs code chosen by whoever can send a tuple; register the"
                    + " classes with Kryo (topology.kryo.register), or set "
                    + SubmitKeys.ALLOW_JAVA_SERIALIZATION.name()
                    + ": true in the cluster's Egret config to accept it");
        }
    }

    /** The config an instance runs with: storm-client defaults + the normalized topology config + distributed mode. */
    public static Map<String, Object> runtimeConf(Map<String, Object> normalizedConf) {
        Map<String, Object> conf = Utils.readStormConfig();
        conf.putAll(normalizedConf);
        conf.put(Config.STORM_CLUSTER_MODE, "distributed");
        withTopologyZkAcl(conf);
        return conf;
    }

    /**
     * With the topology's ZooKeeper identity set (StormSubmitter's digest), Storm's tasks create their
     * nodes (Trident's transactional state) with an ACL for that identity plus
     * {@code storm.zookeeper.superACL}, and fail without the latter. A Storm cluster names its
     * administrator there; a topology on Egret that names none gets its own identity, so only its
     * tasks can read or change those nodes, on the cluster's ZooKeeper or on one the topology names.
     */
    static void withTopologyZkAcl(Map<String, Object> conf) {
        Object scheme = conf.get(Config.STORM_ZOOKEEPER_TOPOLOGY_AUTH_SCHEME);
        Object payload = conf.get(Config.STORM_ZOOKEEPER_TOPOLOGY_AUTH_PAYLOAD);
        if (conf.get(Config.STORM_ZOOKEEPER_SUPERACL) != null
                || !"digest".equals(scheme)
                || !(payload instanceof String credentials)
                || credentials.indexOf(':') < 1) {
            return;
        }
        conf.put(Config.STORM_ZOOKEEPER_SUPERACL, "digest:" + digestId(credentials));
    }

    /** ZooKeeper's digest id of {@code user:password}: {@code user:base64(sha1(user:password))}. */
    static String digestId(String credentials) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(credentials.getBytes(StandardCharsets.UTF_8));
            return credentials.substring(0, credentials.indexOf(':')) + ":"
                    + Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> normalizeConf(
            Map<String, Object> defaults, Map<String, Object> topoConf, StormTopology topology) {
        Set<String> decorators = new LinkedHashSet<>();
        Map<String, Object> serializers = new TreeMap<>();
        for (ComponentCommon common : StormComponents.commons(topology).values()) {
            Map<String, Object> c = StormJson.parseMap(common.get_json_conf());
            addDecorators(decorators, c.get(Config.TOPOLOGY_KRYO_DECORATORS));
            addSerializers(serializers, c.get(Config.TOPOLOGY_KRYO_REGISTER));
        }
        addDecorators(
                decorators,
                topoConf.getOrDefault(Config.TOPOLOGY_KRYO_DECORATORS, defaults.get(Config.TOPOLOGY_KRYO_DECORATORS)));
        addSerializers(
                serializers,
                topoConf.getOrDefault(Config.TOPOLOGY_KRYO_REGISTER, defaults.get(Config.TOPOLOGY_KRYO_REGISTER)));
        // the user's own registration of one of these (maybe with a serializer of theirs) wins; a name
        // is a key, so registering it twice cannot shift Kryo's ids
        StormInternalClasses.registrations().forEach((type, serializer) -> {
            if (!serializers.containsKey(type)) {
                serializers.put(type, serializer);
            }
        });

        Map<String, Object> merged = new HashMap<>(defaults);
        merged.putAll(topoConf);
        Map<String, Object> ret = new HashMap<>(topoConf);
        ret.put(Config.TOPOLOGY_KRYO_REGISTER, serializers);
        ret.put(Config.TOPOLOGY_KRYO_DECORATORS, new ArrayList<>(decorators));
        ret.put(Config.TOPOLOGY_ACKER_EXECUTORS, merged.get(Config.TOPOLOGY_ACKER_EXECUTORS));
        ret.put(Config.TOPOLOGY_EVENTLOGGER_EXECUTORS, merged.get(Config.TOPOLOGY_EVENTLOGGER_EXECUTORS));
        ret.put(Config.TOPOLOGY_MAX_TASK_PARALLELISM, merged.get(Config.TOPOLOGY_MAX_TASK_PARALLELISM));
        // StormSubmitter asks for ZooKeeper digest authentication with a random identity per topology:
        // it is kept (in the owner-only package; TopologyTranslator.visibleConf hides it everywhere
        // else), and runtimeConf makes the tasks' ZooKeeper nodes that identity's alone.
        return ret;
    }

    static StormTopology normalizeTopology(Map<String, Object> totalConf, StormTopology topology) {
        StormTopology ret = topology.deepCopy();
        for (ComponentCommon common : StormComponents.commons(ret).values()) {
            Map<String, Object> compConf = StormJson.parseMap(common.get_json_conf());
            compConf.put(Config.TOPOLOGY_TASKS, componentTasks(totalConf, common));
            common.set_json_conf(StormJson.write(compConf));
        }
        return ret;
    }

    /** topology.tasks of a component (default: its parallelism hint), capped by topology.max.task.parallelism. */
    public static int componentTasks(Map<String, Object> totalConf, ComponentCommon common) {
        Map<String, Object> combined = new HashMap<>(totalConf);
        combined.putAll(StormJson.parseMap(common.get_json_conf()));
        int tasks = ObjectReader.getInt(combined.get(Config.TOPOLOGY_TASKS), StormComponents.parallelismHint(common));
        Integer max = ObjectReader.getInt(combined.get(Config.TOPOLOGY_MAX_TASK_PARALLELISM), null);
        return max == null ? tasks : Math.min(max, tasks);
    }

    private static void addDecorators(Set<String> out, Object value) {
        if (value instanceof List<?> list) {
            for (Object o : list) {
                out.add(String.valueOf(o));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void addSerializers(Map<String, Object> out, Object value) {
        if (value instanceof Map<?, ?> map) {
            out.putAll((Map<String, Object>) map);
        } else if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.putAll((Map<String, Object>) m);
                } else {
                    out.put(String.valueOf(o), null);
                }
            }
        }
    }
}

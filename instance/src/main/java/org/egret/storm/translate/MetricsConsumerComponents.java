package org.egret.storm.translate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.storm.Config;
import org.apache.storm.daemon.StormCommon;
import org.apache.storm.generated.StormTopology;

/**
 * The metrics consumers of {@code topology.metrics.consumer.register} become components of the topology, as
 * Nimbus and Storm's workers make them: one bolt per registration, {@code __metrics_<class>} (a repeated class
 * gets {@code #2}, ...), running Storm's MetricsConsumerBolt with {@code parallelism.hint} tasks and a shuffle
 * subscription to every component's {@code __metrics} stream, which every component declares. Storm's own
 * code builds them ({@link StormCommon#addMetricComponents}, {@link StormCommon#addMetricStreams}), so the
 * registration's argument, whitelist, blacklist, expandMapType and metricNameSeparator mean what they mean on
 * Storm. Egret then runs them like any bolt: a JVM per task with the topology jar on its classpath.
 */
public final class MetricsConsumerComponents {
    private MetricsConsumerComponents() {}

    /** The component ids the registrations in {@code conf} get (none: an empty set). */
    public static Set<String> ids(Map<String, Object> conf) {
        if (registrations(conf).isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(StormCommon.metricsConsumerBoltSpecs(conf, new StormTopology(Map.of(), Map.of(), Map.of()))
                .keySet());
    }

    /**
     * The topology with its metrics consumers added (a copy), or {@code topology} itself when none is
     * registered. A consumer class that the topology's jar does not hold fails here, at submit, rather than
     * in a task that restarts forever.
     */
    public static StormTopology add(Map<String, Object> conf, StormTopology topology) {
        List<?> registrations = registrations(conf);
        if (registrations.isEmpty()) {
            return topology;
        }
        for (Object r : registrations) {
            Object className = r instanceof Map<?, ?> m ? m.get("class") : null;
            if (!(className instanceof String name) || name.isBlank()) {
                throw new InvalidTopologyException(
                        Config.TOPOLOGY_METRICS_CONSUMER_REGISTER + ": every entry needs a \"class\" (got " + r + ")");
            }
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                Class.forName(name, false, loader != null ? loader : MetricsConsumerComponents.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new InvalidTopologyException(Config.TOPOLOGY_METRICS_CONSUMER_REGISTER
                        + ": metrics consumer class " + name + " cannot be loaded from the topology's jar (" + e + ")");
            }
        }
        StormTopology ret = topology.deepCopy();
        StormCommon.addMetricComponents(conf, ret);
        StormCommon.addMetricStreams(ret);
        return ret;
    }

    private static List<?> registrations(Map<String, Object> conf) {
        Object r = conf.get(Config.TOPOLOGY_METRICS_CONSUMER_REGISTER);
        if (r == null) {
            return List.of();
        }
        if (!(r instanceof List<?> list)) {
            throw new InvalidTopologyException(Config.TOPOLOGY_METRICS_CONSUMER_REGISTER
                    + " must be a list of maps, got " + r.getClass().getSimpleName());
        }
        return list;
    }
}

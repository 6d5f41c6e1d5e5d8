package org.egret.storm.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;

/**
 * Storm's workers find ZooKeeper through the cluster's {@code storm.zookeeper.servers} and
 * {@code storm.zookeeper.port}; Trident's coordinators keep their transactional state there
 * (unless the topology names {@code transactional.zookeeper.servers}). Egret's cluster has no
 * storm.yaml, so on a cluster whose state manager is ZooKeeper a task gets that ensemble, the way
 * a Storm worker gets its cluster's. A topology that names either key itself keeps its own.
 */
public final class ClusterZooKeeper {
    private static final int DEFAULT_PORT = 2181;

    private ClusterZooKeeper() {}

    /**
     * {@code topoConf} (the topology's own config, before Storm's defaults) with Storm's ZooKeeper keys
     * set from {@code connection} ({@code host:port[,host:port...][/chroot]}, the state manager's)
     * when the topology sets none of them. Storm has one port for all servers: the first one's is
     * used. A chroot is not carried over; Trident keeps its nodes under
     * {@code transactional.zookeeper.root}.
     */
    public static Map<String, Object> withStateManagerEnsemble(Map<String, Object> topoConf, String connection) {
        if (topoConf.get(Config.STORM_ZOOKEEPER_SERVERS) != null
                || topoConf.get(Config.TRANSACTIONAL_ZOOKEEPER_SERVERS) != null) {
            return topoConf;
        }
        String hosts = connection.contains("/") ? connection.substring(0, connection.indexOf('/')) : connection;
        List<String> servers = new ArrayList<>();
        Integer port = null;
        for (String server : hosts.split(",")) {
            String s = server.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            servers.add(colon < 0 ? s : s.substring(0, colon));
            if (port == null) {
                port = colon < 0 ? DEFAULT_PORT : Integer.parseInt(s.substring(colon + 1));
            }
        }
        if (servers.isEmpty()) {
            return topoConf;
        }
        Map<String, Object> out = new HashMap<>(topoConf);
        out.put(Config.STORM_ZOOKEEPER_SERVERS, servers);
        out.put(Config.STORM_ZOOKEEPER_PORT, port);
        return out;
    }
}

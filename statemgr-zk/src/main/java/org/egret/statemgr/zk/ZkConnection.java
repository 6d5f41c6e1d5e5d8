package org.egret.statemgr.zk;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.egret.config.EgretConfig;

/** Opens a Curator client from Egret's keys, failing fast and clearly when the ensemble is unreachable. */
final class ZkConnection {
    private ZkConnection() {}

    /** A started client that authenticates as {@code auth} and creates every node with its ACL. */
    static CuratorFramework open(EgretConfig config, ZkAuth auth) {
        String connect = config.get(ZkKeys.CONNECTION);
        int connectionTimeoutMs = config.get(ZkKeys.CONNECTION_TIMEOUT_MS);
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs(config.get(ZkKeys.SESSION_TIMEOUT_MS))
                .connectionTimeoutMs(connectionTimeoutMs)
                .retryPolicy(new ExponentialBackoffRetry(
                        config.get(ZkKeys.RETRY_BASE_SLEEP_MS), config.get(ZkKeys.RETRY_MAX)));
        auth.configure(builder);
        CuratorFramework client = builder.build();
        client.start();
        boolean connected;
        try {
            connected = client.blockUntilConnected(connectionTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected = false;
        }
        if (!connected) {
            client.close();
            throw new IllegalStateException("cannot reach ZooKeeper at " + connect + " within " + connectionTimeoutMs
                    + " ms (" + ZkKeys.CONNECTION.name() + ", " + ZkKeys.CONNECTION_TIMEOUT_MS.name()
                    + "); is it running?");
        }
        return client;
    }
}

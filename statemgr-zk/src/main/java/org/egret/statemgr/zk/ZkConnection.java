package org.egret.statemgr.zk;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.egret.config.EgretConfig;
import org.egret.statemgr.StateMgrKeys;

/** Opens a Curator client from Egret's keys, failing fast and clearly when the ensemble is unreachable. */
final class ZkConnection {
  private ZkConnection() {
  }

  /** A started client that authenticates as {@code auth} and creates every node with its ACL. */
  static CuratorFramework open(EgretConfig config, ZkAuth auth) {
    String connect = config.get(StateMgrKeys.ZK_CONNECTION);
    int connectionTimeoutMs = config.get(StateMgrKeys.ZK_CONNECTION_TIMEOUT_MS);
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
        .connectString(connect)
        .sessionTimeoutMs(config.get(StateMgrKeys.ZK_SESSION_TIMEOUT_MS))
        .connectionTimeoutMs(connectionTimeoutMs)
        .retryPolicy(new ExponentialBackoffRetry(config.get(StateMgrKeys.ZK_RETRY_BASE_SLEEP_MS),
            config.get(StateMgrKeys.ZK_RETRY_MAX)));
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
          + " ms (" + StateMgrKeys.ZK_CONNECTION.name() + ", " + StateMgrKeys.ZK_CONNECTION_TIMEOUT_MS.name()
          + "); is it running?");
    }
    return client;
  }
}

package org.egret.statemgr.zk;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Topology Master's ephemeral node {@code tmasters/<topology>}: whoever creates it is the one
 * live TM; the others wait (standby) for it to vanish, which ZooKeeper guarantees when the
 * holder's session ends. The holder re-creates its node after a session expiry (a ZooKeeper blip
 * must not stop a topology) unless a standby took it in between, in which case it reports the
 * loss. The node's bytes identify the holder (host, port, pid), which tells an own node left by
 * an expired session of this client apart from a rival's.
 */
final class ZkTMasterElection implements StateManager.TMasterHold {
    private static final Logger LOG = LoggerFactory.getLogger(ZkTMasterElection.class);
    /** A standby re-checks this often even without an event: a safety net, not the mechanism. */
    private static final long STANDBY_RECHECK_MS = 1000;

    private final CuratorFramework client;
    private final String path;
    private final byte[] data;
    private final Runnable onLost;
    /** Serializes checks of a held node: connection events and node watches both trigger one. */
    private final ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tmaster-election");
        t.setDaemon(true);
        return t;
    });

    private final ConnectionStateListener onConnection = this::connectionChanged;
    private final CuratorWatcher onNodeEvent = event -> checkLater();
    private volatile boolean held;
    private volatile boolean done;

    ZkTMasterElection(CuratorFramework client, String path, byte[] data, Runnable onLost) {
        this.client = client;
        this.path = path;
        this.data = data.clone();
        this.onLost = onLost;
    }

    /** Blocks until this client holds the node. */
    void acquire() throws InterruptedException {
        boolean announced = false;
        while (true) {
            CountDownLatch changed = new CountDownLatch(1);
            try {
                if (tryCreate()) {
                    break;
                }
                if (!announced) {
                    LOG.info("another topology master holds {}; waiting as a standby", path);
                    announced = true;
                }
                // Any event on the node (deleted, or a connection change) means: look again.
                Stat stat = client.checkExists()
                        .usingWatcher((CuratorWatcher) e -> changed.countDown())
                        .forPath(path);
                if (stat == null) {
                    continue;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warn("cannot check {}: {}; retrying", path, e.toString());
            }
            changed.await(STANDBY_RECHECK_MS, TimeUnit.MILLISECONDS);
        }
        held = true;
        client.getConnectionStateListenable().addListener(onConnection);
        armNodeWatch();
        LOG.info("holding {}", path);
    }

    /** Creates the node; true if this client holds it afterwards. */
    private boolean tryCreate() throws Exception {
        try {
            client.create().withMode(CreateMode.EPHEMERAL).forPath(path, data);
            return true;
        } catch (KeeperException.NodeExistsException e) {
            Stat stat = new Stat();
            byte[] current;
            try {
                current = client.getData().storingStatIn(stat).forPath(path);
            } catch (KeeperException.NoNodeException gone) {
                return tryCreate();
            }
            if (stat.getEphemeralOwner() == sessionId()) {
                // A create retried after a connection loss had succeeded the first time.
                return true;
            }
            if (Arrays.equals(current, data)) {
                // Ours, from a session that has expired: remove it rather than wait for the server to.
                try {
                    client.delete().withVersion(stat.getVersion()).forPath(path);
                } catch (KeeperException.NoNodeException | KeeperException.BadVersionException ignored) {
                    // gone or replaced meanwhile: the next attempt tells which
                }
                return tryCreate();
            }
            return false;
        }
    }

    private long sessionId() throws Exception {
        return client.getZookeeperClient().getZooKeeper().getSessionId();
    }

    private void armNodeWatch() {
        try {
            client.checkExists().usingWatcher(onNodeEvent).forPath(path);
        } catch (Exception e) {
            // Connection trouble: the reconnect event triggers a check, which re-arms.
            LOG.debug("cannot watch {}: {}", path, e.toString());
        }
    }

    private void connectionChanged(CuratorFramework c, ConnectionState state) {
        if (state == ConnectionState.RECONNECTED) {
            checkLater();
        } else if (state == ConnectionState.LOST) {
            LOG.warn(
                    "ZooKeeper session of {} lost; the node is re-created on reconnect unless a standby takes it",
                    path);
        }
    }

    private void checkLater() {
        if (!done) {
            try {
                checker.execute(this::check);
            } catch (RejectedExecutionException ignored) {
                // closed meanwhile
            }
        }
    }

    /** Makes sure the node still exists and is ours; re-creates it after an expiry. */
    private void check() {
        if (done || !held) {
            return;
        }
        try {
            if (tryCreate()) {
                armNodeWatch();
                return;
            }
            done = true;
            LOG.error("{} is now held by another topology master", path);
            client.getConnectionStateListenable().removeListener(onConnection);
            onLost.run();
        } catch (Exception e) {
            // Still disconnected: the next RECONNECTED event checks again.
            LOG.warn("cannot check {}: {}", path, e.toString());
        }
    }

    /** Deletes the node if it is this client's. */
    @Override
    public void close() {
        boolean wasHeld = held && !done;
        done = true;
        client.getConnectionStateListenable().removeListener(onConnection);
        checker.shutdownNow();
        if (!wasHeld) {
            return;
        }
        try {
            Stat stat = client.checkExists().forPath(path);
            if (stat != null && stat.getEphemeralOwner() == sessionId()) {
                client.delete().withVersion(stat.getVersion()).forPath(path);
            }
        } catch (Exception e) {
            // The session ending removes an ephemeral node anyway.
            LOG.debug("cannot remove {}: {}", path, e.toString());
        }
    }
}

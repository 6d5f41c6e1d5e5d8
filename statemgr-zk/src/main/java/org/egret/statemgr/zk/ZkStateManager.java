package org.egret.statemgr.zk;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.Stat;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.proto.TMasterLocation;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State in ZooKeeper through Curator: {@code <root>/<kind>/<topology>} znodes holding protobuf
 * (layout in {@link ZkLayout}); the TM's entry is ephemeral ({@link ZkTMasterElection}); locks
 * are Curator {@link InterProcessMutex}es under {@code <root>/locks/<topology>}; watches are
 * server-side ({@link ZkNodeWatch}). Curator retries operations across connection losses.
 */
@PluginType("zookeeper")
public final class ZkStateManager implements StateManager {
    private static final Logger LOG = LoggerFactory.getLogger(ZkStateManager.class);

    private CuratorFramework client;
    private ZkAuth auth;
    private ZkLayout layout;
    private String connect;
    /** Watch listeners run here, one at a time, never on Curator's own event thread. */
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "statemgr-zk-events");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void initialize(EgretConfig config) {
        layout = new ZkLayout(config.get(ZkKeys.ROOT));
        connect = config.get(ZkKeys.CONNECTION);
        auth = ZkAuth.from(config);
        client = ZkConnection.open(config, auth);
        try {
            if (config.get(ZkKeys.CREATE_TREE)) {
                createTree();
                if (auth.authenticated()) {
                    closeOpenFamilies();
                }
            } else {
                checkTree();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.debug("ZooKeeper state manager at {}{} (authentication: {})", connect, layout.root(), auth.describe());
    }

    /** The Curator client, for tests and tools that need ZooKeeper itself. */
    public CuratorFramework client() {
        return client;
    }

    private void createTree() {
        for (String family : layout.families()) {
            try {
                // exists needs no permission, create does: a tree of another identity is reported as such
                if (client.checkExists().forPath(family) == null) {
                    client.create().creatingParentsIfNeeded().forPath(family);
                }
            } catch (KeeperException.NodeExistsException e) {
                // created meanwhile by another process
            } catch (KeeperException.NoAuthException e) {
                throw notOurs(family, e);
            } catch (Exception e) {
                throw failure("create", family, e);
            }
        }
    }

    /**
     * A tree an unauthenticated Egret created has families open to everyone, and ZooKeeper checks
     * create and delete against the parent: anyone could then delete or pre-create this identity's
     * nodes. Such families (and the root) get this identity's ACL.
     */
    private void closeOpenFamilies() {
        List<String> paths = new ArrayList<>(layout.families());
        if (!layout.root().equals("/")) {
            paths.add(0, layout.root());
        }
        for (String path : paths) {
            try {
                if (ZkAuth.isOpen(client.getACL().forPath(path))) {
                    client.setACL().withACL(ZooDefs.Ids.CREATOR_ALL_ACL).forPath(path);
                    LOG.warn(
                            "{} in ZooKeeper at {} was open to every client; it is now restricted to {}",
                            path,
                            connect,
                            auth.describe());
                }
            } catch (KeeperException.NoAuthException e) {
                throw notOurs(path, e);
            } catch (Exception e) {
                throw failure("restrict the ACL of", path, e);
            }
        }
    }

    private IllegalStateException notOurs(String path, KeeperException.NoAuthException e) {
        return new IllegalStateException(
                path + " in ZooKeeper at " + connect + " belongs to another identity than "
                        + auth.describe() + ": use the credentials Egret's tree was created with, or another "
                        + ZkKeys.ROOT.name(),
                e);
    }

    /**
     * A secret in a node without an ACL could be read by any client that reaches the ensemble: refused,
     * naming the keys that give Egret an identity.
     */
    private void checkMayHold(StateKind kind, String topology) {
        if (kind == StateKind.SECRETS && !auth.authenticated()) {
            throw new IllegalStateException(
                    "refusing to store the secret of topology '" + topology + "' in ZooKeeper at "
                            + connect + " without authentication (any client could read it): set "
                            + ZkAuthKeys.DIGEST_FILE.name()
                            + ", " + ZkAuthKeys.DIGEST.name() + " or " + ZkAuthKeys.SASL.name());
        }
    }

    private void checkTree() {
        for (String family : layout.families()) {
            try {
                if (client.checkExists().forPath(family) == null) {
                    throw new IllegalStateException("ZooKeeper at " + connect + " has no " + family
                            + ": create Egret's tree" + " there or set " + ZkKeys.CREATE_TREE.name() + "=true");
                }
            } catch (IllegalStateException e) {
                throw e;
            } catch (Exception e) {
                throw failure("check", family, e);
            }
        }
    }

    @Override
    public void set(StateKind kind, String topology, Message value) {
        String path = layout.node(kind, topology);
        checkMayHold(kind, topology);
        byte[] bytes = value.toByteArray();
        try {
            try {
                client.setData().forPath(path, bytes);
            } catch (KeeperException.NoNodeException e) {
                client.create().forPath(path, bytes);
            }
        } catch (KeeperException.NodeExistsException e) {
            // created by someone else between our two calls: last writer wins, as for a file
            set(kind, topology, value);
        } catch (Exception e) {
            throw failure("write", path, e);
        }
    }

    @Override
    public <T extends Message> Optional<T> get(StateKind kind, String topology, Parser<T> parser) {
        String path = layout.node(kind, topology);
        byte[] bytes;
        try {
            bytes = client.getData().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw failure("read", path, e);
        }
        try {
            return Optional.of(parser.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt state node " + path + " in ZooKeeper at " + connect, e);
        }
    }

    /** A versioned write: a concurrent update in between makes ZooKeeper refuse it, and it runs again. */
    @Override
    public <T extends Message> Optional<T> update(
            StateKind kind, String topology, Parser<T> parser, Function<Optional<T>, Optional<T>> change) {
        String path = layout.node(kind, topology);
        checkMayHold(kind, topology);
        while (true) {
            Stat stat = new Stat();
            Optional<T> now;
            try {
                byte[] bytes = client.getData().storingStatIn(stat).forPath(path);
                now = Optional.of(parser.parseFrom(bytes));
            } catch (KeeperException.NoNodeException e) {
                stat = null;
                now = Optional.empty();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("corrupt state node " + path + " in ZooKeeper at " + connect, e);
            } catch (Exception e) {
                throw failure("read", path, e);
            }
            Optional<T> next = change.apply(now);
            if (next.isEmpty()) {
                return now;
            }
            try {
                if (stat == null) {
                    client.create().forPath(path, next.get().toByteArray());
                } else {
                    client.setData()
                            .withVersion(stat.getVersion())
                            .forPath(path, next.get().toByteArray());
                }
                return next;
            } catch (KeeperException.BadVersionException
                    | KeeperException.NodeExistsException
                    | KeeperException.NoNodeException e) {
                LOG.debug("{} changed under an update; reading it again", path);
            } catch (Exception e) {
                throw failure("write", path, e);
            }
        }
    }

    @Override
    public void delete(StateKind kind, String topology) {
        deletePath(layout.node(kind, topology));
    }

    private void deletePath(String path) {
        try {
            client.delete().forPath(path);
        } catch (KeeperException.NoNodeException | KeeperException.NotEmptyException e) {
            // absent is fine; a lock node with waiters in it belongs to them
        } catch (Exception e) {
            throw failure("delete", path, e);
        }
    }

    @Override
    public List<String> list(StateKind kind) {
        String path = layout.family(kind);
        try {
            return client.getChildren().forPath(path).stream().sorted().toList();
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw failure("list", path, e);
        }
    }

    @Override
    public Lock lock(String topology, Duration timeout) {
        String path = layout.lock(topology);
        InterProcessMutex mutex = new InterProcessMutex(client, path);
        boolean acquired;
        try {
            acquired = mutex.acquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw failure("lock", path, e);
        }
        if (!acquired) {
            throw new IllegalStateException("topology '" + topology + "' is locked by another operation");
        }
        return () -> {
            try {
                mutex.release();
            } catch (Exception e) {
                // The lock node is ephemeral: it goes with the session at the latest.
                LOG.warn("cannot release the lock {}: {}", path, e.toString());
            }
        };
    }

    @Override
    public <T extends Message> Watch watch(
            StateKind kind, String topology, Parser<T> parser, Consumer<Optional<T>> listener) {
        ZkNodeWatch<T> watch = new ZkNodeWatch<>(client, layout.node(kind, topology), parser, listener, events);
        watch.start();
        return watch;
    }

    @Override
    public TMasterHold holdTMaster(TMasterLocation location, Runnable onLost) throws InterruptedException {
        ZkTMasterElection election = new ZkTMasterElection(
                client, layout.node(StateKind.TMASTERS, location.getTopologyName()), location.toByteArray(), onLost);
        election.acquire();
        return election;
    }

    @Override
    public void deleteAll(String topology) {
        StateManager.super.deleteAll(topology);
        deletePath(layout.lock(topology));
    }

    @Override
    public void close() {
        events.shutdownNow();
        if (client != null) {
            client.close();
        }
    }

    private IllegalStateException failure(String what, String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("cannot " + what + " " + path + " in ZooKeeper at " + connect + ": " + e, e);
    }
}

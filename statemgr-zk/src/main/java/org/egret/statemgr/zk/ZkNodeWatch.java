package org.egret.statemgr.zk;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch on one node through Curator's {@link CuratorCache}: a persistent server-side watch
 * that Curator re-adds after a reconnect or a new session and follows with a re-read, so no
 * change is missed across a ZooKeeper blip. Equal bytes are not reported twice (a re-read after
 * reconnecting reports only what really changed).
 */
final class ZkNodeWatch<T extends Message> implements StateManager.Watch {
    private static final Logger LOG = LoggerFactory.getLogger(ZkNodeWatch.class);

    private final String path;
    private final Parser<T> parser;
    private final Consumer<Optional<T>> listener;
    private final CuratorCache cache;
    /** Last bytes reported, null while absent. Touched only on the events executor (one thread). */
    private byte[] last;

    private volatile boolean closed;

    ZkNodeWatch(
            CuratorFramework client, String path, Parser<T> parser, Consumer<Optional<T>> listener, Executor events) {
        this.path = path;
        this.parser = parser;
        this.listener = listener;
        this.cache = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable()
                .addListener(
                        CuratorCacheListener.builder()
                                .forCreatesAndChanges((before, now) -> report(now.getData()))
                                .forDeletes(before -> report(null))
                                .build(),
                        events);
    }

    void start() {
        cache.start();
    }

    private void report(byte[] data) {
        if (closed || Arrays.equals(data, last)) {
            return;
        }
        last = data;
        try {
            listener.accept(data == null ? Optional.empty() : Optional.of(parser.parseFrom(data)));
        } catch (InvalidProtocolBufferException e) {
            LOG.warn("watched {} holds no valid message: {}", path, e.toString());
        } catch (RuntimeException e) {
            LOG.warn("watcher of {} failed", path, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        cache.close();
    }
}

package org.egret.statemgr.memory;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.proto.TMasterLocation;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;

/**
 * A state manager whose nodes live in this process's memory: every caller in the process sees the
 * same tree, and nothing outlives the process. It is the smallest complete state manager, written
 * the way any new one is: a module of its own, a {@link PluginType}, a services file, and its own
 * keys ({@link MemoryKeys}), with no line of core changed.
 */
@PluginType("memory")
public final class MemoryStateManager implements StateManager {
    /** One tree per process, as a server's would be one per cluster. */
    private static final Map<StateKind, Map<String, byte[]>> NODES = new EnumMap<>(StateKind.class);

    private static final Map<String, Semaphore> LOCKS = new ConcurrentHashMap<>();
    private static final List<NodeWatch<?>> WATCHES = new ArrayList<>();

    private int maxNodes;
    private ExecutorService calls;

    @Override
    public void initialize(EgretConfig config) {
        maxNodes = config.get(MemoryKeys.MAX_NODES);
        // watch calls come in order from one thread, as the interface promises
        calls = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "memory-statemgr-watch");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void set(StateKind kind, String topology, Message value) {
        synchronized (NODES) {
            Map<String, byte[]> family = NODES.computeIfAbsent(kind, k -> new TreeMap<>());
            if (!family.containsKey(topology) && count() >= maxNodes) {
                throw new IllegalStateException("the in-memory state manager holds " + maxNodes + " nodes ("
                        + MemoryKeys.MAX_NODES.name() + "); " + kind.dir() + "/" + topology + " is refused");
            }
            family.put(topology, value.toByteArray());
            changed(kind, topology);
        }
    }

    @Override
    public <T extends Message> Optional<T> get(StateKind kind, String topology, Parser<T> parser) {
        byte[] bytes;
        synchronized (NODES) {
            bytes = NODES.getOrDefault(kind, Map.of()).get(topology);
        }
        return parse(bytes, parser, kind, topology);
    }

    @Override
    public <T extends Message> Optional<T> update(
            StateKind kind, String topology, Parser<T> parser, Function<Optional<T>, Optional<T>> change) {
        synchronized (NODES) {
            Optional<T> now = get(kind, topology, parser);
            Optional<T> next = change.apply(now);
            next.ifPresent(v -> set(kind, topology, v));
            return next.isPresent() ? next : now;
        }
    }

    @Override
    public void delete(StateKind kind, String topology) {
        synchronized (NODES) {
            if (NODES.getOrDefault(kind, new TreeMap<>()).remove(topology) != null) {
                changed(kind, topology);
                NODES.notifyAll();
            }
        }
    }

    @Override
    public List<String> list(StateKind kind) {
        synchronized (NODES) {
            return List.copyOf(NODES.getOrDefault(kind, Map.of()).keySet());
        }
    }

    @Override
    public Lock lock(String topology, Duration timeout) {
        Semaphore lock = LOCKS.computeIfAbsent(topology, t -> new Semaphore(1));
        try {
            if (!lock.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("topology '" + topology + "' is locked by another command; waited "
                        + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the lock of '" + topology + "'", e);
        }
        AtomicBoolean held = new AtomicBoolean(true);
        return () -> {
            if (held.getAndSet(false)) {
                lock.release();
            }
        };
    }

    @Override
    public <T extends Message> Watch watch(
            StateKind kind, String topology, Parser<T> parser, Consumer<Optional<T>> listener) {
        NodeWatch<T> watch = new NodeWatch<>(kind, topology, parser, listener);
        synchronized (NODES) {
            WATCHES.add(watch);
            if (NODES.getOrDefault(kind, Map.of()).containsKey(topology)) {
                calls.execute(watch::report);
            }
        }
        return () -> {
            synchronized (NODES) {
                WATCHES.remove(watch);
            }
        };
    }

    @Override
    public TMasterHold holdTMaster(TMasterLocation location, Runnable onLost) throws InterruptedException {
        String topology = location.getTopologyName();
        synchronized (NODES) {
            // a standby waits for the live TM's entry to go
            while (NODES.getOrDefault(StateKind.TMASTERS, Map.of()).containsKey(topology)) {
                NODES.wait();
            }
            set(StateKind.TMASTERS, topology, location);
        }
        return () -> {
            synchronized (NODES) {
                if (get(StateKind.TMASTERS, topology, TMasterLocation.parser())
                        .filter(location::equals)
                        .isPresent()) {
                    delete(StateKind.TMASTERS, topology);
                }
            }
        };
    }

    @Override
    public void close() {
        if (calls != null) {
            synchronized (NODES) {
                WATCHES.removeIf(w -> w.owner() == calls);
            }
            calls.shutdown();
        }
    }

    /** Forgets every node and lock: what a test does between cases. */
    public static void clear() {
        synchronized (NODES) {
            NODES.clear();
            NODES.notifyAll();
        }
        LOCKS.clear();
    }

    private static int count() {
        return NODES.values().stream().mapToInt(Map::size).sum();
    }

    private void changed(StateKind kind, String topology) {
        for (NodeWatch<?> w : WATCHES) {
            if (w.kind == kind && w.topology.equals(topology)) {
                w.owner().execute(w::report);
            }
        }
    }

    private static <T extends Message> Optional<T> parse(
            byte[] bytes, Parser<T> parser, StateKind kind, String topology) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(kind.dir() + "/" + topology + " does not hold what its reader expects", e);
        }
    }

    /** A listener of one node, called on the thread of the state manager that armed it. */
    private final class NodeWatch<T extends Message> {
        private final StateKind kind;
        private final String topology;
        private final Parser<T> parser;
        private final Consumer<Optional<T>> listener;

        NodeWatch(StateKind kind, String topology, Parser<T> parser, Consumer<Optional<T>> listener) {
            this.kind = kind;
            this.topology = topology;
            this.parser = parser;
            this.listener = listener;
        }

        ExecutorService owner() {
            return calls;
        }

        void report() {
            listener.accept(get(kind, topology, parser));
        }
    }
}

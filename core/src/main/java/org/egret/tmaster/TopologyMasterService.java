package org.egret.tmaster;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.egret.config.EgretConfig;
import org.egret.net.NetServer;
import org.egret.net.NodeAddress;
import org.egret.net.Wire;
import org.egret.proto.PackingPlan;
import org.egret.proto.TMasterLocation;
import org.egret.proto.Topology;
import org.egret.runtime.ProcessOptions;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Topology Master, run by container 0's executor on a thread of its own. Each term binds the
 * server first, because its address is what it publishes, then waits as a standby until it holds the
 * topology's TM entry (at most one live TM per topology), and only then reads the plans and serves. A
 * term that loses the entry to another TM stops serving at once, and a new term waits as a standby.
 *
 * <p>It runs in the executor rather than in a JVM of its own because container 0 holds nothing else:
 * a JVM's floor (about 30 MB, and half a CPU-second to start) bought no isolation there. Its failure
 * is the container's, and the scheduler replaces the container.
 */
public final class TopologyMasterService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyMasterService.class);

    private final ProcessOptions opts;
    private final EgretConfig config;
    private final int port;
    private final Consumer<Exception> onFailure;
    private final Thread thread;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicReference<Term> current = new AtomicReference<>();

    private TopologyMasterService(ProcessOptions opts, EgretConfig config, int port, Consumer<Exception> onFailure) {
        this.opts = opts;
        this.config = config;
        this.port = port;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "tmaster");
        thread.setDaemon(true);
    }

    /**
     * Starts serving on {@code port} (0: any free one) once this TM holds the entry; {@code onFailure}
     * is told (on the TM's thread) when a term cannot start, for example without a topology to serve.
     */
    public static TopologyMasterService start(
            ProcessOptions opts, EgretConfig config, int port, Consumer<Exception> onFailure) {
        TopologyMasterService s = new TopologyMasterService(opts, config, port, onFailure);
        s.thread.start();
        return s;
    }

    private void run() {
        try {
            while (closed.getCount() > 0) {
                CountDownLatch lost = new CountDownLatch(1);
                Term term = Term.bind(opts, config, port);
                current.set(term);
                if (closed.getCount() == 0) {
                    term.close();
                    return;
                }
                try {
                    term.serve(lost::countDown);
                } catch (Exception e) {
                    term.close();
                    throw e;
                }
                // close() interrupts this wait
                lost.await();
                // Another TM serves now; two must never serve at once.
                LOG.error("another topology master took over {}; this one waits as a standby", opts.topology());
                term.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (closed.getCount() > 0) {
                onFailure.accept(e);
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        thread.interrupt();
        Term term = current.get();
        if (term != null) {
            term.close();
        }
    }

    /** One TM from binding to losing the entry or closing: its server, state manager and metrics. */
    private static final class Term implements AutoCloseable {
        private final ProcessOptions opts;
        private final EgretConfig config;
        private final StateManager sm;
        private final EventLoopGroup group;
        private final NetServer server;
        private final String host;
        private final AtomicReference<TopologyMaster> active;
        private final AtomicReference<StateManager.TMasterHold> hold = new AtomicReference<>();
        private final AtomicBoolean closed = new AtomicBoolean();

        private Term(
                ProcessOptions opts,
                EgretConfig config,
                StateManager sm,
                EventLoopGroup group,
                NetServer server,
                String host,
                AtomicReference<TopologyMaster> active) {
            this.opts = opts;
            this.config = config;
            this.sm = sm;
            this.group = group;
            this.server = server;
            this.host = host;
            this.active = active;
        }

        static Term bind(ProcessOptions opts, EgretConfig config, int port) throws InterruptedException {
            StateManager sm = StateManagers.open(config);
            // One thread: the TopologyMaster's maps are touched only from it.
            EventLoopGroup group = new NioEventLoopGroup(1, r -> {
                Thread t = new Thread(r, "tmaster-loop");
                t.setDaemon(true);
                return t;
            });
            try {
                AtomicReference<TopologyMaster> active = new AtomicReference<>();
                // Metrics for the Tracker live as long as this term; a standby starts empty.
                MetricsStore metrics = new MetricsStore(
                        config.get(TMasterKeys.METRICS_BUCKET_MS),
                        config.get(TMasterKeys.METRICS_BUCKETS),
                        config.get(TMasterKeys.METRICS_MAX_SERIES),
                        100_000,
                        config.get(TMasterKeys.METRICS_MAX_EXCEPTIONS),
                        System::currentTimeMillis);
                NodeAddress address = NodeAddress.from(config);
                Wire wire = Wire.control(opts.auth(config, "tmaster"), config);
                NetServer server = NetServer.bind(group, address.bindAddress(), port, wire, () -> {
                    TopologyMaster m = active.get();
                    return m == null ? new StandbyRefusal() : new TMasterHandler(m, metrics);
                });
                return new Term(opts, config, sm, group, server, address.advertisedHost(), active);
            } catch (RuntimeException | InterruptedException e) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                sm.close();
                throw e;
            }
        }

        /** Waits as a standby until this TM holds the entry, then serves; {@code onLost} as in the hold. */
        void serve(Runnable onLost) throws InterruptedException {
            String name = opts.topology();
            int port = server.port();
            long pid = ProcessHandle.current().pid();
            TMasterLocation location = TMasterLocation.newBuilder()
                    .setTopologyName(name)
                    .setTopologyId(opts.topologyId())
                    .setHost(host)
                    .setServerPort(port)
                    .setControllerPort(port)
                    .setPid((int) pid)
                    .build();
            LOG.info("topology master of {} bound {}:{} (pid {}); taking the TM entry", name, host, port, pid);
            hold.set(sm.holdTMaster(location, () -> {
                active.set(null);
                onLost.run();
            }));
            // Read the plans only now: a previous TM may have changed them while this one waited.
            Topology topology = sm.get(StateKind.TOPOLOGIES, name, Topology.parser())
                    .orElseThrow(() -> new IllegalStateException("no topology '" + name + "' in the state manager"));
            PackingPlan packing = sm.get(StateKind.PACKING_PLANS, name, PackingPlan.parser())
                    .orElseThrow(
                            () -> new IllegalStateException("no packing plan for '" + name + "' in the state manager"));
            long timeout = config.get(TMasterKeys.STMGR_TIMEOUT_MS);
            TopologyMaster master = new TopologyMaster(sm, name, topology, packing, timeout, System::currentTimeMillis);
            active.set(master);
            EventLoop loop = group.next();
            // Updates (egret update) write a new packing plan; the watch's first call repeats the current one.
            sm.watch(
                    StateKind.PACKING_PLANS,
                    name,
                    PackingPlan.parser(),
                    p -> p.ifPresent(next -> loop.execute(() -> master.onPacking(next))));
            long check = Math.max(10, timeout / 4);
            loop.scheduleAtFixedRate(master::checkTimeouts, check, check, TimeUnit.MILLISECONDS);
            opts.dirs().writeAddress("tmaster", host, port);
            LOG.info("topology master of {} active on {}:{} (pid {})", name, host, port, pid);
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            active.set(null);
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            StateManager.TMasterHold h = hold.getAndSet(null);
            if (h != null) {
                h.close();
            }
            sm.close();
        }
    }

    /** Answers connections that arrive before this TM is active (nobody should know its address yet). */
    private static final class StandbyRefusal extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }
}

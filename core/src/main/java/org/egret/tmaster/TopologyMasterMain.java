package org.egret.tmaster;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.egret.config.EgretConfig;
import org.egret.net.NetServer;
import org.egret.net.NodeAddress;
import org.egret.net.Wire;
import org.egret.proto.PackingPlan;
import org.egret.proto.TMasterLocation;
import org.egret.proto.Topology;
import org.egret.runtime.ParentWatch;
import org.egret.runtime.ProcessOptions;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology master process (container 0). It binds its server first, because its address is
 * what it publishes, then waits as a standby until it holds the topology's TM entry (at most one
 * live TM per topology), and only then reads the plans and starts serving.
 */
public final class TopologyMasterMain {
    private static final Logger LOG = LoggerFactory.getLogger(TopologyMasterMain.class);

    private TopologyMasterMain() {}

    public static void main(String[] args) throws Exception {
        ProcessOptions opts = ProcessOptions.parse(args);
        ParentWatch.start(opts.parentPid());
        EgretConfig config = opts.loadConfig();
        StateManager sm = StateManagers.open(config);
        String name = opts.topology();

        // One thread: the TopologyMaster's maps are touched only from it.
        EventLoopGroup group = new NioEventLoopGroup(1);
        EventLoop loop = group.next();
        AtomicReference<TopologyMaster> active = new AtomicReference<>();
        // Metrics for the Tracker live as long as this process; a standby starts empty.
        MetricsStore metrics = new MetricsStore(
                config.get(TMasterKeys.METRICS_BUCKET_MS),
                config.get(TMasterKeys.METRICS_BUCKETS),
                config.get(TMasterKeys.METRICS_MAX_SERIES),
                100_000,
                config.get(TMasterKeys.METRICS_MAX_EXCEPTIONS),
                System::currentTimeMillis);
        NodeAddress address = NodeAddress.from(config);
        String host = address.advertisedHost();
        Wire wire = Wire.control(opts.auth(config, "tmaster"), config);
        NetServer server = NetServer.bind(group, address.bindAddress(), opts.port(), wire, () -> {
            TopologyMaster m = active.get();
            return m == null ? new StandbyRefusal() : new TMasterHandler(m, metrics);
        });
        int port = server.port();
        int pid = (int) ProcessHandle.current().pid();
        AtomicReference<StateManager.TMasterHold> hold = new AtomicReference<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                            StateManager.TMasterHold h = hold.get();
                            if (h != null) {
                                h.close();
                            }
                            sm.close();
                        },
                        "tmaster-shutdown"));

        TMasterLocation location = TMasterLocation.newBuilder()
                .setTopologyName(name)
                .setTopologyId(opts.topologyId())
                .setHost(host)
                .setServerPort(port)
                .setControllerPort(port)
                .setPid(pid)
                .build();
        LOG.info("topology master of {} bound {}:{} (pid {}); taking the TM entry", name, host, port, pid);
        hold.set(sm.holdTMaster(location, () -> {
            // Another TM serves now; two must never serve at once. Exiting lets the executor restart
            // this one, which then waits as a standby. A new thread: exit runs the shutdown hook,
            // which closes the hold whose thread is running this callback.
            LOG.error("another topology master took over {}; exiting", name);
            new Thread(() -> System.exit(2), "tmaster-exit").start();
        }));

        // Read the plans only now: a previous TM may have changed them while this one waited.
        Topology topology = sm.get(StateKind.TOPOLOGIES, name, Topology.parser())
                .orElseThrow(() -> new IllegalStateException("no topology '" + name + "' in the state manager"));
        PackingPlan packing = sm.get(StateKind.PACKING_PLANS, name, PackingPlan.parser())
                .orElseThrow(
                        () -> new IllegalStateException("no packing plan for '" + name + "' in the state manager"));
        TopologyMaster master = new TopologyMaster(
                sm, name, topology, packing, config.get(TMasterKeys.STMGR_TIMEOUT_MS), System::currentTimeMillis);
        active.set(master);
        // Updates (egret update) write a new packing plan; the watch's first call repeats the current one.
        sm.watch(
                StateKind.PACKING_PLANS,
                name,
                PackingPlan.parser(),
                p -> p.ifPresent(next -> loop.execute(() -> master.onPacking(next))));
        long timeout = config.get(TMasterKeys.STMGR_TIMEOUT_MS);
        long check = Math.max(10, timeout / 4);
        loop.scheduleAtFixedRate(master::checkTimeouts, check, check, TimeUnit.MILLISECONDS);
        opts.dirs().writeAddress("tmaster", host, port);
        LOG.info("topology master of {} active on {}:{} (pid {})", name, host, port, pid);
    }

    /** Answers connections that arrive before this TM is active (nobody should know its address yet). */
    private static final class StandbyRefusal extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.close();
        }
    }
}

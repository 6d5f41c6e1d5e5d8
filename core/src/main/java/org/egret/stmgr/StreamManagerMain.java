package org.egret.stmgr;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.egret.config.EgretConfig;
import org.egret.net.NetServer;
import org.egret.net.NodeAddress;
import org.egret.net.Transport;
import org.egret.net.Wire;
import org.egret.net.auth.AuthSettings;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.StMgrLocation;
import org.egret.runtime.ParentWatch;
import org.egret.runtime.ProcessOptions;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stream manager process of one container (1..N). */
public final class StreamManagerMain {
    private static final Logger LOG = LoggerFactory.getLogger(StreamManagerMain.class);

    private StreamManagerMain() {}

    public static void main(String[] args) throws Exception {
        ProcessOptions opts = ProcessOptions.parse(args);
        ParentWatch.start(opts.parentPid());
        EgretConfig config = opts.loadConfig();
        StateManager sm = StateManagers.open(config);
        String name = opts.topology();
        PackingPlan packing = sm.get(StateKind.PACKING_PLANS, name, PackingPlan.parser())
                .orElseThrow(
                        () -> new IllegalStateException("no packing plan for '" + name + "' in the state manager"));
        ContainerPlan container = packing.getContainersList().stream()
                .filter(c -> c.getId() == opts.container())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "container " + opts.container() + " is not in the packing plan of " + name));
        TreeSet<Integer> tasks = new TreeSet<>();
        for (InstancePlan i : container.getInstancesList()) {
            tasks.add(i.getTaskId());
        }
        String selfId = "stmgr-" + opts.container();
        StMgrSettings settings = StMgrSettings.from(config, opts.dirs());
        NodeAddress address = NodeAddress.from(config);
        String host = address.advertisedHost();

        // One event loop thread owns every routing table, tuple sender and connection: no locks on the hot path.
        AuthSettings auth = opts.auth(config, selfId);
        Wire data = Wire.data(auth, config);
        Wire control = Wire.control(auth, config);
        EventLoopGroup group = Transport.group(1, null);
        EventLoop loop = group.next();
        StreamManager manager = new StreamManager(selfId, tasks, settings, group, address.sourceAddress(), data);
        NetServer server = NetServer.bind(
                group,
                address.bindAddress(),
                opts.port(),
                data.acceptingPlainFromThisHost(),
                () -> new StMgrServerHandler(manager));
        int port = server.port();
        opts.dirs().writeAddress("stmgr", host, port);
        loop.scheduleAtFixedRate(manager::flushAll, settings.flushMs(), settings.flushMs(), TimeUnit.MILLISECONDS);
        loop.scheduleAtFixedRate(
                () -> manager.maybeRotateAckTracker(System.currentTimeMillis()), 1, 1, TimeUnit.SECONDS);

        MetricsManagerLink metrics = new MetricsManagerLink(
                opts.dirs(),
                address.sourceAddress(),
                control.withinContainer(),
                group,
                () -> manager.drainMetrics(System.currentTimeMillis()));
        loop.scheduleAtFixedRate(
                () -> {
                    manager.reportDrops();
                    metrics.tick();
                },
                settings.metricsIntervalMs(),
                settings.metricsIntervalMs(),
                TimeUnit.MILLISECONDS);

        StMgrLocation self = StMgrLocation.newBuilder()
                .setId(selfId)
                .setContainer(opts.container())
                .setHost(host)
                .setDataPort(port)
                .setPid((int) ProcessHandle.current().pid())
                .build();
        // Registrations name the tasks of the newest packing plan seen; the supplier runs on the event loop.
        TMasterLink tmaster = new TMasterLink(
                sm,
                name,
                self,
                address.sourceAddress(),
                control,
                () -> List.copyOf(new TreeSet<>(manager.containerTasks())),
                group,
                settings.heartbeatMs(),
                settings.reconnectMaxMs(),
                manager::onPlan);
        tmaster.start();
        StateManager.Watch packingWatch = sm.watch(
                StateKind.PACKING_PLANS,
                name,
                PackingPlan.parser(),
                p -> p.flatMap(plan -> plan.getContainersList().stream()
                                .filter(c -> c.getId() == opts.container())
                                .findFirst())
                        .ifPresent(c -> {
                            TreeSet<Integer> now = new TreeSet<>();
                            c.getInstancesList().forEach(i -> now.add(i.getTaskId()));
                            loop.execute(() -> manager.onContainerTasks(now));
                        }));
        LOG.info("{} of {} listening on {}:{} for tasks {}", selfId, name, host, port, tasks);

        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            packingWatch.close();
                            tmaster.close();
                            server.close();
                            try {
                                loop.submit(() -> {
                                            manager.flushAll();
                                            manager.close();
                                            metrics.close();
                                        })
                                        .get(2, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                LOG.warn("stopping the stream manager: {}", e.toString());
                            }
                            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                            sm.close();
                        },
                        "stmgr-shutdown"));
    }
}

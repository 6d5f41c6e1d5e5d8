package org.egret.tmaster;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
import org.egret.net.NetServer;
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

/** The topology master process (container 0). */
public final class TopologyMasterMain {
  private static final Logger LOG = LoggerFactory.getLogger(TopologyMasterMain.class);

  private TopologyMasterMain() {
  }

  public static void main(String[] args) throws Exception {
    ProcessOptions opts = ProcessOptions.parse(args);
    ParentWatch.start(opts.parentPid());
    EgretConfig config = opts.loadConfig();
    StateManager sm = StateManagers.open(config);
    String name = opts.topology();
    Topology topology = sm.get(StateKind.TOPOLOGIES, name, Topology.parser())
        .orElseThrow(() -> new IllegalStateException("no topology '" + name + "' in the state manager"));
    PackingPlan packing = sm.get(StateKind.PACKING_PLANS, name, PackingPlan.parser())
        .orElseThrow(() -> new IllegalStateException("no packing plan for '" + name + "' in the state manager"));

    // One thread: the TopologyMaster's maps are touched only from it.
    EventLoopGroup group = new NioEventLoopGroup(1);
    EventLoop loop = group.next();
    TopologyMaster master = new TopologyMaster(sm, name, topology, packing,
        config.get(TMasterKeys.STMGR_TIMEOUT_MS), System::currentTimeMillis);
    String host = config.get(CommonKeys.HOST);
    NetServer server = NetServer.bind(group, host, 0, () -> new TMasterHandler(master));
    int port = server.port();
    int pid = (int) ProcessHandle.current().pid();

    TMasterLease lease = new TMasterLease(sm, name, TMasterLocation.newBuilder().setTopologyName(name)
        .setTopologyId(opts.topologyId()).setHost(host).setServerPort(port).setControllerPort(port).setPid(pid),
        config.get(TMasterKeys.LEASE_MS));
    lease.renew();
    loop.scheduleAtFixedRate(lease::renew, lease.renewEveryMs(), lease.renewEveryMs(), TimeUnit.MILLISECONDS);
    long timeout = config.get(TMasterKeys.STMGR_TIMEOUT_MS);
    long check = Math.max(10, timeout / 4);
    loop.scheduleAtFixedRate(master::checkTimeouts, check, check, TimeUnit.MILLISECONDS);
    opts.dirs().writePort("tmaster", port);
    LOG.info("topology master of {} listening on {}:{} (pid {})", name, host, port, pid);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      lease.release();
      sm.close();
    }, "tmaster-shutdown"));
  }
}

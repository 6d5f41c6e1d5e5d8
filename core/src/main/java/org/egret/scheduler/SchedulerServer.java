package org.egret.scheduler;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.egret.net.NetServer;
import org.egret.net.NodeAddress;
import org.egret.net.Wire;
import org.egret.net.auth.AuthenticatedPeer;
import org.egret.proto.ContainerLogLink;
import org.egret.proto.SchedulerLocation;
import org.egret.proto.SchedulerRequest;
import org.egret.proto.SchedulerResponse;
import org.egret.proto.Status;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's endpoint for the CLI: kill, restart and update requests. Requests run one at a
 * time off the event loop, since a kill waits for processes to end and an update for containers.
 */
public final class SchedulerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerServer.class);

    /** What the server does once a request has been answered, e.g. exit after a kill. */
    public interface AfterKill {
        void run();
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "scheduler-requests"));
    private final NetServer server;
    private final String host;
    private volatile TopologyUpdate update;

    /** Serves CLIs that pass {@code wire}'s handshake, i.e. hold the topology's secret. */
    public SchedulerServer(NodeAddress address, Wire wire, Scheduler scheduler, AfterKill afterKill)
            throws InterruptedException {
        this.host = address.advertisedHost();
        server = NetServer.bind(group, address.bindAddress(), 0, wire, () -> handler(scheduler, afterKill));
    }

    /** Serves update requests through {@code update}; without it they are refused. */
    public SchedulerServer acceptUpdates(TopologyUpdate update) {
        this.update = update;
        return this;
    }

    /** Writes this endpoint to {@code schedulers/<topology>}, where the CLI finds it. */
    public void publishLocation(StateManager state, String topology) {
        publishLocation(state, topology, Map.of());
    }

    /** The same, with the address of each container's logs where the cluster serves them (e.g. YARN). */
    public void publishLocation(StateManager state, String topology, Map<Integer, String> logUrls) {
        SchedulerLocation.Builder loc = SchedulerLocation.newBuilder()
                .setTopologyName(topology)
                .setHost(host)
                .setPort(port())
                .setPid((int) ProcessHandle.current().pid());
        new TreeMap<>(logUrls)
                .forEach((c, url) -> loc.addContainerLogs(
                        ContainerLogLink.newBuilder().setContainer(c).setUrl(url)));
        state.set(StateKind.SCHEDULERS, topology, loc.build());
    }

    private ChannelHandler handler(Scheduler scheduler, AfterKill afterKill) {
        return new SimpleChannelInboundHandler<SchedulerRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, SchedulerRequest req) {
                if (!AuthenticatedPeer.is(ctx.channel(), "cli")) {
                    LOG.warn(
                            "{} authenticated as '{}' but sent {}: only the owner's CLI may; closing",
                            ctx.channel().remoteAddress(),
                            AuthenticatedPeer.of(ctx.channel()),
                            req.getCommand());
                    ctx.close();
                    return;
                }
                worker.execute(() -> {
                    Status status;
                    try {
                        switch (req.getCommand()) {
                            case KILL -> scheduler.kill();
                            case RESTART -> scheduler.restart(req.getContainer());
                            case UPDATE -> {
                                TopologyUpdate u = update;
                                if (u == null) {
                                    throw new SchedulerException("this scheduler does not serve updates");
                                }
                                u.apply(req.getTopology(), req.getPackingPlan(), req.getTimeoutMs());
                            }
                            default -> throw new SchedulerException("unknown command " + req.getCommand());
                        }
                        status = Status.newBuilder().setOk(true).build();
                    } catch (Exception e) {
                        LOG.error("{} failed", req.getCommand(), e);
                        status = Status.newBuilder()
                                .setOk(false)
                                .setMessage(String.valueOf(e.getMessage()))
                                .build();
                    }
                    boolean killed = req.getCommand() == SchedulerRequest.Command.KILL && status.getOk();
                    ctx.writeAndFlush(SchedulerResponse.newBuilder()
                                    .setStatus(status)
                                    .build())
                            .addListener(ChannelFutureListener.CLOSE)
                            .addListener(f -> {
                                if (killed) {
                                    afterKill.run();
                                }
                            });
                });
            }
        };
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        worker.shutdownNow();
        group.shutdownGracefully();
    }
}

package org.egret.stmgr;

import com.google.protobuf.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.egret.net.NetClient;
import org.egret.net.Wire;
import org.egret.proto.NewPhysicalPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.RegisterStMgrRequest;
import org.egret.proto.RegisterStMgrResponse;
import org.egret.proto.StMgrHeartbeat;
import org.egret.proto.StMgrLocation;
import org.egret.proto.TMasterLocation;
import org.egret.runtime.Backoff;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this stream manager registered with the topology master: finds it in the state manager,
 * registers, heartbeats, and starts over (with back-off) whenever the connection drops, since a
 * restarted TM may live at another address. State-manager reads block, so they run on their own
 * thread; everything touching the connection runs on the event loop.
 */
final class TMasterLink {
    private static final Logger LOG = LoggerFactory.getLogger(TMasterLink.class);

    private final StateManager state;
    private final String topology;
    private final StMgrLocation self;
    /** Where connections leave from: this container's address (null: the kernel chooses). */
    private final InetAddress source;

    private final Wire wire;
    private final Supplier<List<Integer>> tasks;
    private final EventLoopGroup group;
    private final long heartbeatMs;
    private final Consumer<PhysicalPlan> onPlan;
    private final Backoff backoff;
    private final ScheduledExecutorService finder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tmaster-finder");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    private volatile Channel channel;

    /** {@code onPlan} is called on the event loop with every plan the TM sends. */
    TMasterLink(
            StateManager state,
            String topology,
            StMgrLocation self,
            InetAddress source,
            Wire wire,
            Supplier<List<Integer>> tasks,
            EventLoopGroup group,
            long heartbeatMs,
            long reconnectMaxMs,
            Consumer<PhysicalPlan> onPlan) {
        this.state = state;
        this.topology = topology;
        this.self = self;
        this.source = source;
        this.wire = wire;
        this.tasks = tasks;
        this.group = group;
        this.heartbeatMs = heartbeatMs;
        this.onPlan = onPlan;
        // the configured maximum bounds the first wait too, should it be below 100 ms
        this.backoff = new Backoff(Math.min(100, reconnectMaxMs), reconnectMaxMs);
    }

    void start() {
        finder.execute(this::find);
    }

    private void find() {
        if (closed) {
            return;
        }
        Optional<TMasterLocation> tm;
        try {
            tm = state.get(StateKind.TMASTERS, topology, TMasterLocation.parser())
                    .filter(l -> l.getLeaseExpiryMs() == 0 || l.getLeaseExpiryMs() > System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("cannot read the TM location: {}", e.toString());
            tm = Optional.empty();
        }
        if (tm.isEmpty()) {
            retryLater();
            return;
        }
        TMasterLocation loc = tm.get();
        NetClient.connect(group, source, loc.getHost(), loc.getServerPort(), wire, new TMasterLinkHandler())
                .addListener((ChannelFuture f) -> {
                    if (!f.isSuccess()) {
                        LOG.info(
                                "cannot reach the TM at {}:{}: {}",
                                loc.getHost(),
                                loc.getServerPort(),
                                f.cause().toString());
                        retryLater();
                    } else if (closed) {
                        f.channel().close();
                    }
                });
    }

    private void retryLater() {
        if (closed) {
            return;
        }
        try {
            finder.schedule(this::find, backoff.next(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // close() raced with a failure callback: nothing more to find.
        }
    }

    void close() {
        closed = true;
        finder.shutdownNow();
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    private final class TMasterLinkHandler extends SimpleChannelInboundHandler<Message> {
        private ScheduledFuture<?> heartbeat;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            LOG.info("connected to the TM at {}; registering {}", ctx.channel().remoteAddress(), self.getId());
            ctx.writeAndFlush(RegisterStMgrRequest.newBuilder()
                    .setStmgr(self)
                    .addAllTaskIds(tasks.get())
                    .build());
            heartbeat = ctx.executor()
                    .scheduleAtFixedRate(
                            () -> ctx.writeAndFlush(StMgrHeartbeat.newBuilder()
                                    .setStmgrId(self.getId())
                                    .setSentMs(System.currentTimeMillis())
                                    .build()),
                            heartbeatMs,
                            heartbeatMs,
                            TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            if (msg instanceof RegisterStMgrResponse r) {
                if (!r.getStatus().getOk()) {
                    LOG.error(
                            "the TM rejected {}: {}",
                            self.getId(),
                            r.getStatus().getMessage());
                    ctx.close();
                    return;
                }
                backoff.reset();
                LOG.info("registered with the TM{}", r.hasPplan() ? "" : "; waiting for the other stream managers");
                if (r.hasPplan()) {
                    onPlan.accept(r.getPplan());
                }
            } else if (msg instanceof NewPhysicalPlan p) {
                onPlan.accept(p.getPplan());
            } else {
                LOG.warn("unexpected {} from the TM", msg.getClass().getSimpleName());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            if (channel == ctx.channel()) {
                channel = null;
            }
            if (!closed) {
                LOG.warn("lost the TM connection; looking for the TM again");
                retryLater();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("TM connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}

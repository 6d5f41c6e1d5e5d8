package org.egret.instance;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.egret.net.NetClient;
import org.egret.net.Transport;
import org.egret.net.Wire;
import org.egret.net.frame.TaskBatchFrame;
import org.egret.proto.MetricsBatch;
import org.egret.proto.NewPhysicalPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.RegisterInstanceRequest;
import org.egret.proto.RegisterInstanceResponse;
import org.egret.runtime.ContainerDirs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's main connection to its local stream manager, on one Netty event loop thread:
 * registration, physical plans, and the stream manager's port for the task thread's own connection
 * ({@link TaskConnection}), which carries the tuples and acks. Also the connection to the local
 * metrics manager. If the stream manager dies, this side connects and registers again.
 */
final class Gateway implements TaskConnection.Endpoint, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private final ContainerDirs dirs;
    /** This container's address, where the instance's connections leave from (null: the kernel chooses). */
    private final InetAddress source;

    private final int taskId;
    private final String component;
    private final EventLoopGroup group = Transport.group(1, r -> {
        Thread t = new Thread(r, "gateway");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<PhysicalPlan> plans = new LinkedBlockingQueue<>();
    private final AtomicBoolean reconnecting = new AtomicBoolean();
    private final AtomicInteger smLosses = new AtomicInteger();
    private static final Duration RECONNECT_DEADLINE = Duration.ofMinutes(2);
    private final Consumer<String> onFatal;
    private volatile Channel sm;
    /** The stream manager's address while it has admitted this instance, else null. */
    private volatile InetSocketAddress admitted;

    private volatile InetSocketAddress connectedTo;
    private volatile boolean closing;
    private Channel metrics;
    private volatile InetSocketAddress unreachableLogged;
    /** The stream manager's connections, this one and the task connection: data; the metrics manager's: control. */
    private final Wire smWire;

    private final Wire mmWire;
    private boolean metricsConnecting;
    private long nextMetricsAttempt;

    /**
     * @param onFatal called (once, off the event loop) when the stream manager refuses us or cannot be reached again
     */
    public Gateway(
            ContainerDirs dirs,
            InetAddress source,
            int taskId,
            String component,
            Wire smWire,
            Wire mmWire,
            Consumer<String> onFatal) {
        this.smWire = smWire;
        this.mmWire = mmWire;
        this.dirs = dirs;
        this.source = source;
        this.taskId = taskId;
        this.component = component;
        AtomicBoolean fired = new AtomicBoolean();
        this.onFatal = why -> {
            if (!closing && fired.compareAndSet(false, true)) {
                Thread t = new Thread(() -> onFatal.accept(why), "instance-fatal");
                t.start();
            }
        };
    }

    /**
     * Waits for the stream manager's address file, connects to the address it advertises (as its peers on
     * other hosts do) and registers.
     */
    public void connect(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        String lastError = "address file " + dirs.ports().resolve("stmgr") + " did not appear";
        while (System.nanoTime() < end) {
            Optional<InetSocketAddress> address = dirs.readAddress("stmgr");
            if (address.isPresent()) {
                InetSocketAddress to = address.get();
                connectedTo = to; // before the answer to our registration can arrive
                ChannelFuture f = NetClient.connect(
                                group, source, to.getHostString(), to.getPort(), smWire, new SmHandler())
                        .await();
                if (f.isSuccess()) {
                    sm = f.channel();
                    LOG.info(
                            "task {} ({}) connected to its stream manager at {} from {}",
                            taskId,
                            component,
                            f.channel().remoteAddress(),
                            f.channel().localAddress());
                    return;
                }
                lastError = "cannot connect to the stream manager at " + to + ": "
                        + (f.cause() == null ? "cancelled" : f.cause().getMessage());
                // said once per address: a stream manager that is still starting is no news, one that stays unreachable
                // is
                if (!to.equals(unreachableLogged)) {
                    unreachableLogged = to;
                    LOG.warn("task {}: {}; retrying", taskId, lastError);
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(lastError);
    }

    /**
     * The stream manager died (its executor restarts it on a new port): the task keeps running and
     * this side connects and registers again, so a spout keeps its pending tuples; what was in flight
     * through the dead manager times out and is replayed.
     */
    private void reconnect() {
        if (!reconnecting.compareAndSet(false, true)) {
            return;
        }
        smLosses.incrementAndGet();
        LOG.warn("task {}: lost the stream manager; reconnecting", taskId);
        Thread t = new Thread(
                () -> {
                    try {
                        connect(RECONNECT_DEADLINE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        onFatal.accept("cannot reach the stream manager again: " + e.getMessage());
                    } finally {
                        reconnecting.set(false);
                    }
                },
                "stmgr-reconnect");
        t.setDaemon(true);
        t.start();
    }

    /**
     * How many times the connection to the stream manager was lost. A spout's trees are tracked in
     * that manager, so each loss means its pending tuples can no longer complete.
     */
    public int streamManagerLosses() {
        return smLosses.get();
    }

    /** The next physical plan the stream manager sent (the first one answers our registration). */
    public PhysicalPlan takePlan() throws InterruptedException {
        return plans.take();
    }

    /** A newer plan, if one arrived; never blocks. */
    public PhysicalPlan pollPlan() {
        return plans.poll();
    }

    @Override
    public InetSocketAddress admitted() {
        return admitted;
    }

    @Override
    public Wire wire() {
        return smWire;
    }

    @Override
    public InetAddress source() {
        return source;
    }

    @Override
    public boolean closing() {
        return closing;
    }

    @Override
    public int taskId() {
        return taskId;
    }

    @Override
    public String component() {
        return component;
    }

    /** Sends a metrics batch to the local metrics manager, if it is up; otherwise drops it quietly. */
    public void sendMetrics(MetricsBatch batch) {
        group.next().execute(() -> {
            if (metrics != null && metrics.isActive()) {
                metrics.writeAndFlush(batch, metrics.voidPromise());
                return;
            }
            long now = System.currentTimeMillis();
            if (metricsConnecting || now < nextMetricsAttempt) {
                return;
            }
            Optional<InetSocketAddress> mm = dirs.readAddress("metricsmgr");
            if (mm.isEmpty()) {
                return;
            }
            metricsConnecting = true;
            nextMetricsAttempt = now + 5000;
            NetClient.connect(group, source, mm.get().getHostString(), mm.get().getPort(), mmWire, new MetricsHandler())
                    .addListener((ChannelFuture f) -> {
                        metricsConnecting = false;
                        if (f.isSuccess()) {
                            metrics = f.channel();
                            metrics.writeAndFlush(batch, metrics.voidPromise());
                        } else {
                            LOG.debug("metrics manager not reachable at {}", mm.get());
                        }
                    });
        });
    }

    /**
     * The instance is stopping: a lost stream manager is no longer reconnected or waited for, and the
     * task thread's last writes go out if they can, without waiting ({@link TaskConnection}).
     * {@link #close()} follows.
     */
    public void stopping() {
        closing = true;
    }

    @Override
    public void close() {
        closing = true;
        Channel ch = sm;
        if (ch != null) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private final class SmHandler extends SimpleChannelInboundHandler<Object> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(RegisterInstanceRequest.newBuilder()
                    .setTaskId(taskId)
                    .setComponent(component)
                    .setPid((int) ProcessHandle.current().pid())
                    .build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TaskBatchFrame frame) {
                frame.release(); // tuples come on the task connection
                LOG.warn("task {}: dropped a tuple batch that came on the main connection", taskId);
            } else if (msg instanceof RegisterInstanceResponse r) {
                if (r.hasStatus() && !r.getStatus().getOk()) {
                    onFatal.accept("the stream manager refused task " + taskId + ": "
                            + r.getStatus().getMessage());
                } else if (r.hasPplan()) {
                    admitted = connectedTo;
                    plans.add(r.getPplan());
                }
            } else if (msg instanceof NewPhysicalPlan p) {
                plans.add(p.getPplan());
            } else {
                LOG.warn(
                        "unexpected message from the stream manager: {}",
                        msg.getClass().getSimpleName());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == sm) {
                admitted = null;
            }
            if (!closing && ctx.channel() == sm) {
                reconnect();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.error("stream manager connection failed", cause);
            ctx.close();
        }
    }

    @ChannelHandler.Sharable
    private final class MetricsHandler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            // the metrics manager does not answer
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("metrics manager connection failed", cause);
            ctx.close();
        }
    }
}

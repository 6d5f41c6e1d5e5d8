package org.egret.stmgr;

import com.google.protobuf.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Supplier;
import org.egret.net.NetClient;
import org.egret.net.Wire;
import org.egret.proto.MetricsBatch;
import org.egret.runtime.ContainerDirs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the stream manager's counters to its container's metrics manager on every tick. The
 * metrics manager may start later or restart, so its address file is read again whenever there is no
 * connection; a report made while disconnected is dropped (counters are deltas, nothing piles up).
 */
final class MetricsManagerLink {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsManagerLink.class);

    private final ContainerDirs dirs;
    private final InetAddress source;
    private final Wire wire;
    private final EventLoopGroup group;
    private final Supplier<MetricsBatch> snapshot;
    private Channel channel;
    private boolean connecting;

    MetricsManagerLink(
            ContainerDirs dirs, InetAddress source, Wire wire, EventLoopGroup group, Supplier<MetricsBatch> snapshot) {
        this.dirs = dirs;
        this.source = source;
        this.wire = wire;
        this.group = group;
        this.snapshot = snapshot;
    }

    /** Runs on the event loop that owns the counters. */
    void tick() {
        MetricsBatch batch = snapshot.get();
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(batch);
            return;
        }
        if (connecting) {
            return;
        }
        Optional<InetSocketAddress> mm = dirs.readAddress("metricsmgr");
        if (mm.isEmpty()) {
            return;
        }
        connecting = true;
        NetClient.connect(
                        group,
                        source,
                        mm.get().getHostString(),
                        mm.get().getPort(),
                        wire,
                        new SimpleChannelInboundHandler<Message>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
                                // The metrics manager never answers.
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        })
                .addListener((ChannelFuture f) -> {
                    connecting = false;
                    if (f.isSuccess()) {
                        channel = f.channel();
                        channel.writeAndFlush(batch);
                    } else {
                        LOG.debug(
                                "metrics manager at {} not reachable: {}",
                                mm.get(),
                                f.cause().toString());
                    }
                });
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
    }
}

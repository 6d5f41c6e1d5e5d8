package org.egret.stmgr;

import com.google.protobuf.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.egret.net.NetClient;
import org.egret.net.Wire;
import org.egret.proto.HelloStMgr;
import org.egret.proto.StMgrLocation;
import org.egret.runtime.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This stream manager's outgoing connection to one peer. Each pair of stream managers has one
 * connection per direction: we only send on ours and only receive on the peer's. Reconnects with
 * back-off until closed (the peer left the plan or moved).
 */
final class PeerLink {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLink.class);

    private final StMgrLocation location;
    private final String selfId;
    private final TupleSender sender;
    private final EventLoopGroup group;
    private final InetAddress source;
    private final Wire wire;
    private final StMgrCounters counters;
    private final Backoff backoff;
    private final PeerLinks.Events events;
    private Channel channel;
    private boolean closed;

    PeerLink(
            StMgrLocation location,
            String selfId,
            TupleSender sender,
            EventLoopGroup group,
            InetAddress source,
            Wire wire,
            StMgrCounters counters,
            Backoff backoff,
            PeerLinks.Events events) {
        this.events = events;
        this.location = location;
        this.selfId = selfId;
        this.sender = sender;
        this.group = group;
        this.source = source;
        this.wire = wire;
        this.counters = counters;
        this.backoff = backoff;
    }

    StMgrLocation location() {
        return location;
    }

    void start() {
        connect();
    }

    private void connect() {
        if (closed) {
            return;
        }
        ChannelFuture f = NetClient.connect(
                group, source, location.getHost(), location.getDataPort(), wire, new PeerClientHandler());
        f.addListener((ChannelFuture done) -> {
            if (!done.isSuccess()) {
                retryLater("connect failed: " + done.cause());
                return;
            }
            Channel ch = done.channel();
            if (closed) {
                ch.close();
                return;
            }
            channel = ch;
            backoff.reset();
            LOG.info("connected to {} at {}:{}", location.getId(), location.getHost(), location.getDataPort());
            // The hello goes first so the peer knows what the batches that follow are.
            ch.writeAndFlush(HelloStMgr.newBuilder().setStmgrId(selfId).build());
            events.connected(this);
            sender.attach(ch);
        });
    }

    private void retryLater(String why) {
        if (closed) {
            return;
        }
        long delay = backoff.next();
        LOG.info(
                "{} at {}:{}: {}; retrying in {} ms",
                location.getId(),
                location.getHost(),
                location.getDataPort(),
                why,
                delay);
        group.next().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    /** Sends a control message (e.g. a back pressure notice) if connected; a peer that connects later is told then. */
    void send(Message m) {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(m, channel.voidPromise());
        }
    }

    void close() {
        closed = true;
        if (channel != null) {
            sender.detach(channel);
            channel.close();
            channel = null;
        }
    }

    private final class PeerClientHandler extends SimpleChannelInboundHandler<Message> {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.pipeline().addFirst(ByteCounter.NAME, new ByteCounter(counters));
            ctx.channel().config().setWriteBufferWaterMark(events.waterMark());
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            events.writability(ctx.channel(), location.getId());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            LOG.warn(
                    "unexpected {} from {} on our outgoing connection",
                    msg.getClass().getSimpleName(),
                    location.getId());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            events.closed(ch);
            if (channel == ch) {
                sender.detach(ch);
                channel = null;
                retryLater("connection lost");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("connection to {} failed: {}", location.getId(), cause.toString());
            ctx.close();
        }
    }
}

package org.egret.tmaster;

import com.google.protobuf.Message;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.egret.net.auth.AuthenticatedPeer;
import org.egret.proto.ControlRequest;
import org.egret.proto.MetricsPublish;
import org.egret.proto.MetricsQueryRequest;
import org.egret.proto.RegisterStMgrRequest;
import org.egret.proto.StMgrHeartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One per connection (stream manager or CLI): hands each request to the {@link TopologyMaster}. */
final class TMasterHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(TMasterHandler.class);

    private final TopologyMaster master;
    private final MetricsStore metrics;

    TMasterHandler(TopologyMaster master, MetricsStore metrics) {
        this.master = master;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
        if (!mayAsk(ctx, msg)) {
            LOG.warn(
                    "{} authenticated as '{}' but sent a {} that is not its to send; closing",
                    ctx.channel().remoteAddress(),
                    AuthenticatedPeer.of(ctx.channel()),
                    msg.getClass().getSimpleName());
            ctx.close();
        } else if (msg instanceof StMgrHeartbeat hb) {
            master.onHeartbeat(ctx.channel(), hb);
        } else if (msg instanceof RegisterStMgrRequest req) {
            master.onRegister(ctx.channel(), req);
        } else if (msg instanceof ControlRequest req) {
            ctx.writeAndFlush(master.onControl(req));
        } else if (msg instanceof MetricsPublish publish) {
            metrics.record(publish);
        } else if (msg instanceof MetricsQueryRequest query) {
            ctx.writeAndFlush(metrics.query(query));
        } else {
            LOG.warn(
                    "unexpected {} from {}",
                    msg.getClass().getSimpleName(),
                    ctx.channel().remoteAddress());
        }
    }

    /** Who may send what: a stream manager speaks only for itself; control comes from the owner's CLI. */
    private static boolean mayAsk(ChannelHandlerContext ctx, Message msg) {
        if (msg instanceof StMgrHeartbeat hb) {
            return AuthenticatedPeer.is(ctx.channel(), hb.getStmgrId());
        } else if (msg instanceof RegisterStMgrRequest req) {
            return AuthenticatedPeer.is(ctx.channel(), req.getStmgr().getId());
        } else if (msg instanceof ControlRequest) {
            return AuthenticatedPeer.is(ctx.channel(), "cli");
        } else if (msg instanceof MetricsPublish) {
            return AuthenticatedPeer.isOfKind(ctx.channel(), "metricsmgr-");
        } else if (msg instanceof MetricsQueryRequest) {
            return AuthenticatedPeer.is(ctx.channel(), "tracker", "cli");
        }
        return true;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        master.onDisconnect(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

package org.egret.metricsmgr;

import com.google.protobuf.Message;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.egret.proto.MetricsBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One per connection from an instance or stream manager: passes metrics batches to the sinks. */
final class MetricsServerHandler extends SimpleChannelInboundHandler<Message> {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServerHandler.class);

    private final SinkFanout sinks;

    MetricsServerHandler(SinkFanout sinks) {
        this.sinks = sinks;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
        if (msg instanceof MetricsBatch batch) {
            sinks.write(batch);
        } else {
            LOG.warn(
                    "unexpected {} from {}",
                    msg.getClass().getSimpleName(),
                    ctx.channel().remoteAddress());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("closing metrics connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

package org.egret.stmgr;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts wire bytes at the head of a pipeline, so traffic is measured without re-serializing
 * decoded messages. Must run on the event loop that owns the counters.
 */
final class ByteCounter extends ChannelDuplexHandler {
    static final String NAME = "bytes";

    private final StMgrCounters counters;

    ByteCounter(StMgrCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            counters.bytesIn += buf.readableBytes();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            counters.bytesOut += buf.readableBytes();
        }
        ctx.write(msg, promise);
    }
}

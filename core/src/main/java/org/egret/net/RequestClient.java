package org.egret.net;

import com.google.protobuf.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request, one response, over a fresh connection: how the CLI and the Tracker talk to a TM or a
 * scheduler. They run outside any container, so the kernel picks the address they connect from.
 */
public final class RequestClient {
    private RequestClient() {}

    /**
     * Sends {@code request} once the connection has passed the wire's handshake and waits for the
     * answer of {@code responseType}.
     */
    public static <R extends Message> R call(
            String host, int port, Wire wire, Message request, Class<R> responseType, Duration timeout)
            throws TimeoutException, InterruptedException {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            CompletableFuture<R> result = new CompletableFuture<>();
            Channel ch =
                    NetClient.connectSync(group, null, host, port, wire, new SimpleChannelInboundHandler<Message>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
                            if (responseType.isInstance(msg)) {
                                result.complete(responseType.cast(msg));
                            }
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            result.completeExceptionally(
                                    new IllegalStateException("connection closed before a response"));
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            result.completeExceptionally(cause);
                            ctx.close();
                        }
                    });
            ch.writeAndFlush(request);
            try {
                return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            } finally {
                ch.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}

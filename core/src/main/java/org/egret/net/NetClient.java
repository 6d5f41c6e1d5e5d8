package org.egret.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.egret.net.auth.ClientAuthHandler;
import org.egret.net.frame.FrameDecoder;
import org.egret.net.frame.FrameEncoder;

/**
 * Opens framed-protobuf TCP connections with the same pipeline as {@link NetServer}, whose first
 * exchange is the handshake ({@link ClientAuthHandler}): the handler sees the connection become
 * active once both sides have proven they hold the topology's secret.
 */
public final class NetClient {
    private NetClient() {}

    /**
     * Starts a connection from {@code source} (null: the kernel chooses); the caller attaches listeners (e.g.
     * to retry) to the returned future.
     */
    public static ChannelFuture connect(
            EventLoopGroup group, InetAddress source, String host, int port, Wire wire, ChannelHandler handler) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transport.socketChannel(group))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Transport.keepAliveProbes(ch);
                        if (wire.tls() != null) {
                            ch.pipeline()
                                    .addLast("tls", wire.tls().clientContext().newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline()
                                .addLast("frames", new FrameDecoder(wire.maxFrameBytes()))
                                .addLast("encoder", FrameEncoder.INSTANCE)
                                .addLast("auth", new ClientAuthHandler(wire.auth()))
                                .addLast("handler", handler);
                    }
                });
        // resolved by Netty: a name that does not resolve fails the future, not the caller
        InetSocketAddress remote = InetSocketAddress.createUnresolved(host, port);
        return source == null ? b.connect(remote) : b.connect(remote, new InetSocketAddress(source, 0));
    }

    /** Connects and waits; for short request/response exchanges such as the CLI's. */
    public static Channel connectSync(
            EventLoopGroup group, InetAddress source, String host, int port, Wire wire, ChannelHandler handler)
            throws InterruptedException {
        ChannelFuture f = connect(group, source, host, port, wire, handler).await();
        if (!f.isSuccess()) {
            throw new IllegalStateException(
                    "cannot connect to " + host + ":" + port + ": "
                            + (f.cause() == null ? "cancelled" : f.cause().getMessage()),
                    f.cause());
        }
        return f.channel();
    }
}

package org.egret.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.egret.net.auth.ServerAuthHandler;
import org.egret.net.frame.FrameDecoder;
import org.egret.net.frame.FrameEncoder;
import org.egret.net.tls.TlsOrPlainDetector;

/**
 * A framed-protobuf TCP server: one pipeline of decoder, encoder, the handshake every client must
 * pass first ({@link ServerAuthHandler}) and a per-connection handler.
 */
public final class NetServer implements AutoCloseable {
    private final Channel channel;

    private NetServer(Channel channel) {
        this.channel = channel;
    }

    /**
     * Binds {@code address:port} (port 0 picks a free port) on the given event loop group. Clients
     * must pass the wire's handshake; then they may send frames of up to its cap.
     */
    public static NetServer bind(
            EventLoopGroup group, InetAddress address, int port, Wire wire, Supplier<? extends ChannelHandler> handler)
            throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannel(group))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        Transport.keepAliveProbes(ch);
                        if (wire.tls() != null) {
                            ch.pipeline()
                                    .addLast(
                                            "tls-or-plain",
                                            new TlsOrPlainDetector(wire.tls(), wire.plainFromThisHost()));
                        }
                        ch.pipeline()
                                .addLast("frames", new FrameDecoder(wire.maxFrameBytes()))
                                .addLast("encoder", FrameEncoder.INSTANCE)
                                .addLast("auth", new ServerAuthHandler(wire.auth()))
                                .addLast("handler", handler.get());
                    }
                });
        return new NetServer(b.bind(address, port).sync().channel());
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}

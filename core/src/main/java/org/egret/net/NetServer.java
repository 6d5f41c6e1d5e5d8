package org.egret.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/** A framed-protobuf TCP server: one pipeline of decoder, encoder and a per-connection handler. */
public final class NetServer implements AutoCloseable {
  private final Channel channel;

  private NetServer(Channel channel) {
    this.channel = channel;
  }

  /** Binds {@code address:port} (port 0 picks a free port) on the given event loop group. */
  public static NetServer bind(EventLoopGroup group, java.net.InetAddress address, int port,
      Supplier<? extends ChannelHandler> handler) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(Transport.serverChannel(group))
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast("frames", new FrameDecoder())
                .addLast("encoder", FrameEncoder.INSTANCE)
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

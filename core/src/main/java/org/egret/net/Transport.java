package org.egret.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * Netty's native epoll transport where it loads (Linux on x86_64), NIO elsewhere. Every tuple batch
 * crosses several event loops on its round trip, and epoll wakes them with fewer system calls.
 * Channels follow the group they are given, so NIO groups (tests, tools) keep working.
 */
public final class Transport {
  private Transport() {
  }

  /** An event loop group of the best transport here; {@code threads} as Netty counts them. */
  public static EventLoopGroup group(int threads, ThreadFactory threadFactory) {
    if (Epoll.isAvailable()) {
      return threadFactory == null ? new EpollEventLoopGroup(threads) : new EpollEventLoopGroup(threads, threadFactory);
    }
    return threadFactory == null ? new NioEventLoopGroup(threads) : new NioEventLoopGroup(threads, threadFactory);
  }

  static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
    return group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
    return group instanceof EpollEventLoopGroup ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }
}

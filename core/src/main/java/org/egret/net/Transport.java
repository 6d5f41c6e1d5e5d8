package org.egret.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.util.concurrent.ThreadFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * Netty's native epoll transport where it loads (Linux on x86_64), NIO elsewhere. Every tuple batch
 * crosses several event loops on its round trip, and epoll wakes them with fewer system calls.
 * Channels follow the group they are given, so NIO groups (tests, tools) keep working.
 */
public final class Transport {
    private static final int KEEPALIVE_IDLE_S = 30;
    private static final int KEEPALIVE_INTERVAL_S = 10;
    private static final int KEEPALIVE_PROBES = 3;

    private Transport() {}

    /** An event loop group of the best transport here; {@code threads} as Netty counts them. */
    public static EventLoopGroup group(int threads, ThreadFactory threadFactory) {
        if (Epoll.isAvailable()) {
            return threadFactory == null
                    ? new EpollEventLoopGroup(threads)
                    : new EpollEventLoopGroup(threads, threadFactory);
        }
        return threadFactory == null ? new NioEventLoopGroup(threads) : new NioEventLoopGroup(threads, threadFactory);
    }

    /**
     * TCP keep-alive probes after 30 s of silence, every 10 s, 3 of them: a peer whose host vanished
     * (a half-open connection: no FIN, no RST) is found out within a minute, not after the kernel's
     * default two hours, whether or not this side has anything to write.
     */
    static void keepAliveProbes(SocketChannel ch) {
        if (ch instanceof EpollSocketChannel) {
            ch.config().setOption(EpollChannelOption.TCP_KEEPIDLE, KEEPALIVE_IDLE_S);
            ch.config().setOption(EpollChannelOption.TCP_KEEPINTVL, KEEPALIVE_INTERVAL_S);
            ch.config().setOption(EpollChannelOption.TCP_KEEPCNT, KEEPALIVE_PROBES);
        } else {
            ch.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), KEEPALIVE_IDLE_S);
            ch.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), KEEPALIVE_INTERVAL_S);
            ch.config().setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), KEEPALIVE_PROBES);
        }
    }

    /** The same probes on a plain socket channel (an instance's task connection). */
    public static void keepAliveProbes(java.nio.channels.SocketChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        ch.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_S);
        ch.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_S);
        ch.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
    }

    static Class<? extends SocketChannel> socketChannel(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    static Class<? extends ServerChannel> serverChannel(EventLoopGroup group) {
        return group instanceof EpollEventLoopGroup ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}

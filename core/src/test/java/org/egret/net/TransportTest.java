package org.egret.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.egret.proto.HelloStMgr;
import org.junit.jupiter.api.Test;

/** Servers and clients work on whichever transport their group is, and the data path gets epoll here. */
class TransportTest {
    @Test
    void linuxGetsTheEpollTransport() {
        EventLoopGroup g = Transport.group(1, null);
        try {
            if (Epoll.isAvailable()) {
                assertInstanceOf(EpollEventLoopGroup.class, g);
            } else {
                assertInstanceOf(NioEventLoopGroup.class, g, "fallback: " + Epoll.unavailabilityCause());
            }
        } finally {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void framesCrossEveryPairingOfTransports() throws Exception {
        EventLoopGroup epollOrNio = Transport.group(1, null);
        EventLoopGroup nio = new NioEventLoopGroup(1);
        try {
            for (EventLoopGroup server : List.of(epollOrNio, nio)) {
                for (EventLoopGroup client : List.of(epollOrNio, nio)) {
                    BlockingQueue<Object> got = new LinkedBlockingQueue<>();
                    try (NetServer s = NetServer.bind(
                            server,
                            java.net.InetAddress.getLoopbackAddress(),
                            0,
                            TestWires.wire("server"),
                            () -> new SimpleChannelInboundHandler<Object>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                    got.add(msg);
                                }
                            })) {
                        Channel c = NetClient.connectSync(
                                client,
                                null,
                                "127.0.0.1",
                                s.port(),
                                TestWires.wire("stmgr-7"),
                                new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {}
                                });
                        try {
                            c.writeAndFlush(HelloStMgr.newBuilder()
                                            .setStmgrId("stmgr-7")
                                            .build())
                                    .sync();
                            Object m = got.poll(10, TimeUnit.SECONDS);
                            assertNotNull(m, server + " <- " + client);
                            assertEquals("stmgr-7", ((HelloStMgr) m).getStmgrId());
                        } finally {
                            c.close().syncUninterruptibly();
                        }
                    }
                }
            }
        } finally {
            epollOrNio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}

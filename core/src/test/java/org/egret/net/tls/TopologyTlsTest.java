package org.egret.net.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.egret.net.NetClient;
import org.egret.net.NetServer;
import org.egret.net.Wire;
import org.egret.net.auth.AuthSettings;
import org.egret.proto.HelloStMgr;
import org.egret.security.TopologySecret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every process derives the same TLS identity from the secret, and only that identity gets through. */
class TopologyTlsTest {
    private static final TopologySecret SECRET = TopologySecret.generate();
    private final EventLoopGroup group = new NioEventLoopGroup(2);
    private final BlockingQueue<Object> served = new LinkedBlockingQueue<>();
    private NetServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void theSameSecretGivesTheSameCertificateAndAnotherAnother() throws Exception {
        byte[] key = SECRET.keyBytes();
        byte[] a = TopologyTls.of(TopologySecret.of(key)).certificate().getEncoded();
        TopologyTls.of(TopologySecret.generate()); // displaces the cached one
        byte[] b = TopologyTls.of(TopologySecret.of(key)).certificate().getEncoded();
        assertArrayEquals(a, b, "derived anew, byte for byte the same (deterministic ECDSA)");
        assertFalse(Arrays.equals(
                a, TopologyTls.of(TopologySecret.generate()).certificate().getEncoded()));
    }

    private static Wire tlsWire(TopologySecret secret, String identity) {
        AuthSettings auth = new AuthSettings(secret, "t-1", identity, 5000);
        return new Wire(auth, 1 << 20, TopologyTls.of(secret), false);
    }

    private void serve(Wire wire) throws InterruptedException {
        server = NetServer.bind(
                group, InetAddress.getLoopbackAddress(), 0, wire, () -> new SimpleChannelInboundHandler<Object>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                        served.add(msg);
                    }
                });
    }

    private Channel connect(Wire wire) throws InterruptedException {
        Channel ch = NetClient.connectSync(
                group, null, "127.0.0.1", server.port(), wire, new SimpleChannelInboundHandler<Object>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {}

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ctx.close();
                    }
                });
        ch.writeAndFlush(HelloStMgr.newBuilder().setStmgrId("stmgr-1").build());
        return ch;
    }

    @Test
    void holdersOfTheSecretTalkOverTls13() throws Exception {
        serve(tlsWire(SECRET, "tmaster"));
        Channel ch = connect(tlsWire(SECRET, "stmgr-1"));
        assertEquals("stmgr-1", ((HelloStMgr) served.poll(10, TimeUnit.SECONDS)).getStmgrId());
        assertEquals(
                "TLSv1.3",
                ch.pipeline().get(SslHandler.class).engine().getSession().getProtocol());
    }

    @Test
    void aTlsClientOfAnotherTopologyDoesNotGetThrough() throws Exception {
        serve(tlsWire(SECRET, "tmaster"));
        Channel ch = connect(tlsWire(TopologySecret.generate(), "stmgr-1"));
        assertTrue(ch.closeFuture().await(10, TimeUnit.SECONDS));
        assertNull(served.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aPlainClientIsClosedUnlessTheServerTakesPlainFromItsOwnHost() throws Exception {
        Wire plain = tlsWire(SECRET, "instance-1").withinContainer();
        serve(tlsWire(SECRET, "tmaster"));
        Channel ch = connect(plain);
        assertTrue(ch.closeFuture().await(10, TimeUnit.SECONDS));
        assertNull(served.poll(200, TimeUnit.MILLISECONDS));
        server.close();

        serve(tlsWire(SECRET, "stmgr-1").acceptingPlainFromThisHost());
        connect(plain);
        assertEquals("stmgr-1", ((HelloStMgr) served.poll(10, TimeUnit.SECONDS)).getStmgrId());
        connect(tlsWire(SECRET, "stmgr-2"));
        assertEquals("stmgr-1", ((HelloStMgr) served.poll(10, TimeUnit.SECONDS)).getStmgrId(), "and TLS as well");
    }
}

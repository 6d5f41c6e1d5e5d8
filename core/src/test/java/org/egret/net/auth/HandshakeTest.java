package org.egret.net.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.egret.net.NetClient;
import org.egret.net.NetServer;
import org.egret.net.Wire;
import org.egret.net.frame.FrameEncoder;
import org.egret.proto.HelloStMgr;
import org.egret.proto.RegisterStMgrRequest;
import org.egret.security.TopologySecret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Both sides of the handshake over real sockets, and what a peer without the secret gets. */
class HandshakeTest {
    private static final TopologySecret SECRET = TopologySecret.generate();
    private static final long TIMEOUT_MS = 500;

    private final EventLoopGroup group = new NioEventLoopGroup(2);
    /** What reached the server's handler: "active", "inactive", the peer's name, messages. */
    private final BlockingQueue<Object> served = new LinkedBlockingQueue<>();

    private final BlockingQueue<Object> clientSaw = new LinkedBlockingQueue<>();
    private NetServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Wire wire(TopologySecret secret, String topologyId, String identity, int maxFrameBytes) {
        return new Wire(new AuthSettings(secret, topologyId, identity, TIMEOUT_MS), maxFrameBytes);
    }

    private void serve(int maxFrameBytes) throws InterruptedException {
        server = NetServer.bind(
                group,
                InetAddress.getLoopbackAddress(),
                0,
                wire(SECRET, "t-1", "server", maxFrameBytes),
                () -> new SimpleChannelInboundHandler<Object>() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        served.add("active as " + AuthenticatedPeer.of(ctx.channel()));
                    }

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
                    public void channelActive(ChannelHandlerContext ctx) {
                        clientSaw.add("active");
                    }

                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                        clientSaw.add(msg);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        clientSaw.add(cause);
                    }
                });
        // written before the handshake is over: held until the server has proven itself
        ch.writeAndFlush(HelloStMgr.newBuilder().setStmgrId("stmgr-3").build());
        return ch;
    }

    @Test
    void holdersOfTheSecretTalkAndTheServerKnowsWhoConnected() throws Exception {
        serve(1 << 20);
        Channel ch = connect(wire(SECRET, "t-1", "stmgr-3", 1 << 20));
        assertEquals("active as stmgr-3", served.poll(10, TimeUnit.SECONDS));
        assertEquals("stmgr-3", ((HelloStMgr) served.poll(10, TimeUnit.SECONDS)).getStmgrId());
        assertEquals("active", clientSaw.poll(10, TimeUnit.SECONDS));
        assertTrue(ch.isActive());
    }

    @Test
    void aClientWithTheWrongSecretIsRefusedAndServesNothing() throws Exception {
        serve(1 << 20);
        long before = AuthFailureLog.failures();
        Channel ch = connect(wire(TopologySecret.generate(), "t-1", "stmgr-3", 1 << 20));
        assertTrue(ch.closeFuture().await(10, TimeUnit.SECONDS));
        Object seen = clientSaw.poll(10, TimeUnit.SECONDS);
        // the server answers first, so the client finds out that the server does not hold *its* secret
        assertInstanceOf(AuthenticationException.class, seen);
        assertNull(served.poll(200, TimeUnit.MILLISECONDS), "the server's handler saw nothing");
        assertTrue(AuthFailureLog.failures() > before);
    }

    @Test
    void theWrongTopologyIsToldWhy() throws Exception {
        serve(1 << 20);
        Channel ch = connect(wire(SECRET, "t-2", "stmgr-3", 1 << 20));
        assertTrue(ch.closeFuture().await(10, TimeUnit.SECONDS));
        Object seen = clientSaw.poll(10, TimeUnit.SECONDS);
        assertInstanceOf(AuthenticationException.class, seen);
        assertTrue(((Exception) seen).getMessage().contains("topology id 't-2'"), ((Exception) seen).getMessage());
        assertNull(served.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aFrameOfAnotherKindBeforeAuthenticationClosesTheConnectionUnread() throws Exception {
        serve(1 << 20);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            io.netty.buffer.ByteBuf frame = Unpooled.buffer();
            FrameEncoder.encode(RegisterStMgrRequest.newBuilder().addTaskIds(1).build(), frame);
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            s.getOutputStream().write(bytes);
            assertClosedWithin(s, 5000);
        }
        assertNull(served.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aHugeLengthBeforeAuthenticationClosesTheConnectionAtOnce() throws Exception {
        serve(64 << 20);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            new DataOutputStream(s.getOutputStream()).writeInt(64 << 20);
            assertClosedWithin(s, 5000);
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheTimeout() throws Exception {
        serve(1 << 20);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            long start = System.nanoTime();
            assertClosedWithin(s, 5000);
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS - 50));
        }
    }

    @Test
    void afterAuthenticationAFrameOverTheCapClosesTheConnection() throws Exception {
        serve(64 << 10);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            BlockingHandshake.authenticate(
                    s.getInputStream(), s.getOutputStream(), new AuthSettings(SECRET, "t-1", "tracker", TIMEOUT_MS));
            assertEquals("active as tracker", served.poll(10, TimeUnit.SECONDS));
            new DataOutputStream(s.getOutputStream()).writeInt((64 << 10) + 1);
            assertClosedWithin(s, 5000);
        }
        assertNull(served.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    void aBlockingClientLearnsWhyItWasRefused() throws Exception {
        serve(1 << 20);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class,
                    () -> BlockingHandshake.authenticate(
                            s.getInputStream(),
                            s.getOutputStream(),
                            new AuthSettings(SECRET, "t-9", "cli", TIMEOUT_MS)));
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
        }
    }

    /** Reads until the server closes; fails if it has not within {@code ms}. */
    private static void assertClosedWithin(Socket s, int ms) throws IOException {
        s.setSoTimeout(ms);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // an AuthRefused may come first
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for " + ms + " ms");
        } catch (java.net.SocketException e) {
            // reset: closed too
        }
    }
}

package org.egret.net.auth;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.egret.net.frame.FrameDecoder;
import org.egret.proto.AuthChallenge;
import org.egret.proto.AuthHello;
import org.egret.proto.AuthProof;
import org.egret.proto.AuthRefused;

/**
 * The server's side of the handshake ({@link AuthProofs}), first after the frame codec in every
 * accepted connection. The handlers behind it see nothing of the connection, not even that it is
 * active, until the client has proven itself; then this handler opens the decoder to the
 * connection's frames and leaves the pipeline. A connection that has not proven itself within the
 * timeout, or sends anything else, is closed.
 */
public final class ServerAuthHandler extends ChannelInboundHandlerAdapter {
    private final AuthSettings settings;
    private AuthHello hello;
    private AuthChallenge challenge;
    private ScheduledFuture<?> deadline;
    private boolean done;

    public ServerAuthHandler(AuthSettings settings) {
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        deadline = ctx.executor()
                .schedule(
                        () -> refuse(ctx, "no authentication within " + settings.timeoutMs() + " ms"),
                        settings.timeoutMs(),
                        TimeUnit.MILLISECONDS);
        // held back: the handlers behind this one start when the client has proven itself
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (done) {
                return;
            }
            if (hello == null && msg instanceof AuthHello h) {
                String wrong = AuthProofs.checkHello(h, settings);
                if (wrong != null) {
                    refuse(ctx, wrong);
                    return;
                }
                hello = h;
                challenge = AuthProofs.challenge(settings, h);
                ctx.writeAndFlush(challenge);
            } else if (hello != null && msg instanceof AuthProof p) {
                if (!AuthProofs.clientProven(settings, hello, challenge, p)) {
                    refuse(
                            ctx,
                            "'" + AuthProofs.printable(hello.getIdentity()) + "' does not hold the topology secret");
                    return;
                }
                succeed(ctx);
            } else {
                refuse(ctx, "unexpected " + msg.getClass().getSimpleName() + " during authentication");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void succeed(ChannelHandlerContext ctx) {
        done = true;
        deadline.cancel(false);
        AuthenticatedPeer.set(ctx.channel(), hello.getIdentity());
        ctx.pipeline().get(FrameDecoder.class).authenticated();
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        AuthFailureLog.failed("server", ctx.channel().remoteAddress(), why);
        // The reason holds nothing the client did not send or could not guess; it spares an operator
        // with the wrong secret a search through the server's log.
        ctx.writeAndFlush(AuthRefused.newBuilder().setReason(why).build()).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        // swallowed: the handlers behind never saw this connection become active
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        refuse(ctx, String.valueOf(cause.getMessage()));
        ctx.close();
    }
}

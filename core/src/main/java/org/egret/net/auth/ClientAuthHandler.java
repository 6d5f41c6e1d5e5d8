package org.egret.net.auth;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.PendingWriteQueue;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.egret.net.frame.FrameDecoder;
import org.egret.proto.AuthChallenge;
import org.egret.proto.AuthHello;
import org.egret.proto.AuthRefused;

/**
 * The client's side of the handshake ({@link AuthProofs}), first after the frame codec in every
 * connection this process opens. The handler behind it sees the connection become active only
 * once the server has proven itself and this side's proof is on its way; what it, or a connect
 * listener, writes before that waits here and follows the proof, in order.
 */
public final class ClientAuthHandler extends ChannelDuplexHandler {
    private final AuthSettings settings;
    private AuthHello hello;
    private PendingWriteQueue pending;
    private ScheduledFuture<?> deadline;
    private boolean authenticated;
    private boolean failed;

    public ClientAuthHandler(AuthSettings settings) {
        this.settings = settings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        pending = new PendingWriteQueue(ctx);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        hello = AuthProofs.hello(settings);
        ctx.writeAndFlush(hello);
        deadline = ctx.executor()
                .schedule(
                        () -> fail(ctx, "the server did not authenticate within " + settings.timeoutMs() + " ms"),
                        settings.timeoutMs(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (authenticated) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (failed) {
                return;
            }
            if (msg instanceof AuthChallenge c && hello != null) {
                if (!AuthProofs.serverProven(settings, hello, c)) {
                    fail(ctx, "the server does not hold the topology secret");
                    return;
                }
                ctx.writeAndFlush(AuthProofs.clientProof(settings, hello, c));
                succeed(ctx);
            } else if (msg instanceof AuthRefused r) {
                fail(ctx, "refused: " + AuthProofs.printable(r.getReason()));
            } else {
                fail(ctx, "unexpected " + msg.getClass().getSimpleName() + " during authentication");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void succeed(ChannelHandlerContext ctx) {
        authenticated = true;
        deadline.cancel(false);
        ctx.pipeline().get(FrameDecoder.class).authenticated();
        pending.removeAndWriteAll();
        ctx.flush();
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        if (failed || authenticated) {
            return;
        }
        failed = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        AuthFailureLog.failed("client", ctx.channel().remoteAddress(), why);
        ctx.fireExceptionCaught(new AuthenticationException(
                "authentication with " + ctx.channel().remoteAddress() + " failed: " + why));
        ctx.close();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (authenticated) {
            ctx.write(msg, promise);
        } else {
            pending.add(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (authenticated) {
            ctx.flush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (!authenticated) {
            pending.removeAndFailAll(new ClosedChannelException());
        }
        // passed on: a client that retries on a lost connection retries on a failed handshake too
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!authenticated && !(cause instanceof AuthenticationException)) {
            fail(ctx, String.valueOf(cause.getMessage()));
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}

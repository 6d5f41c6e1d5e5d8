package org.egret.stmgr;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.egret.net.auth.AuthenticatedPeer;
import org.egret.net.frame.TaskBatchFrame;
import org.egret.proto.AckBatch;
import org.egret.proto.BackPressureNotice;
import org.egret.proto.HelloStMgr;
import org.egret.proto.RegisterInstanceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per incoming connection. The first message says who is on the other side: a local instance
 * (RegisterInstanceRequest: its main connection, or with task_connection set the one its task
 * thread sends and receives tuples on) or a peer stream manager (HelloStMgr); batches are routed
 * accordingly.
 */
final class StMgrServerHandler extends SimpleChannelInboundHandler<Object> {
    private static final Logger LOG = LoggerFactory.getLogger(StMgrServerHandler.class);

    private enum Peer {
        UNKNOWN,
        INSTANCE,
        STMGR
    }

    private final StreamManager manager;
    private Peer peer = Peer.UNKNOWN;
    private int task = -1;
    private String peerId;

    StMgrServerHandler(StreamManager manager) {
        this.manager = manager;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addFirst(ByteCounter.NAME, new ByteCounter(manager.counters()));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TaskBatchFrame batch) {
            switch (peer) {
                case INSTANCE -> manager.onInstanceBatch(batch);
                case STMGR -> manager.onPeerBatch(batch);
                default -> {
                    batch.release();
                    LOG.warn(
                            "tuples from unregistered {}; closing",
                            ctx.channel().remoteAddress());
                    ctx.close();
                }
            }
        } else if (msg instanceof AckBatch acks) {
            switch (peer) {
                case INSTANCE -> manager.onAckBatch(acks, task);
                case STMGR -> manager.onAckBatch(acks, StreamManager.FROM_PEER);
                default -> {
                    LOG.warn("acks from unregistered {}; closing", ctx.channel().remoteAddress());
                    ctx.close();
                }
            }
        } else if (msg instanceof BackPressureNotice n && peer == Peer.STMGR) {
            // keyed on who authenticated on this connection: the id in the body is only the sender's word
            manager.onBackPressureNotice(peerId, n);
        } else if (peer != Peer.UNKNOWN && (msg instanceof RegisterInstanceRequest || msg instanceof HelloStMgr)) {
            LOG.warn(
                    "a second introduction from {} ({}); closing", ctx.channel().remoteAddress(), peerId);
            ctx.close();
        } else if (msg instanceof RegisterInstanceRequest req && !authenticatedAs(ctx, "instance-" + req.getTaskId())) {
            ctx.close();
        } else if (msg instanceof RegisterInstanceRequest req && req.getTaskConnection()) {
            if (manager.onTaskConnection(ctx.channel(), req)) {
                peer = Peer.INSTANCE;
                task = req.getTaskId();
            } else {
                ctx.close();
            }
        } else if (msg instanceof RegisterInstanceRequest req) {
            if (manager.onInstanceRegister(ctx.channel(), req)) {
                peer = Peer.INSTANCE;
                task = req.getTaskId();
            }
        } else if (msg instanceof HelloStMgr hello) {
            if (!hello.getStmgrId().startsWith("stmgr-") || !authenticatedAs(ctx, hello.getStmgrId())) {
                ctx.close();
                return;
            }
            peer = Peer.STMGR;
            peerId = hello.getStmgrId();
            LOG.info("{} connected from {}", peerId, ctx.channel().remoteAddress());
            manager.onPeerHello(ctx.channel());
        } else {
            LOG.warn(
                    "unexpected {} from {}",
                    msg.getClass().getSimpleName(),
                    ctx.channel().remoteAddress());
        }
    }

    /**
     * Whether the connection authenticated as {@code claimed}: a process may speak only for itself, so a
     * holder of the secret that is an instance cannot pose as a peer or as another task.
     */
    private static boolean authenticatedAs(ChannelHandlerContext ctx, String claimed) {
        if (AuthenticatedPeer.is(ctx.channel(), claimed)) {
            return true;
        }
        LOG.warn(
                "{} authenticated as '{}' but introduced itself as '{}'; closing",
                ctx.channel().remoteAddress(),
                AuthenticatedPeer.of(ctx.channel()),
                claimed);
        return false;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // End of a read burst: whatever it produced goes out now rather than on the next timer tick.
        manager.flushAll();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (peer == Peer.INSTANCE) {
            manager.onInstanceWritability(ctx.channel(), task);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer == Peer.STMGR) {
            LOG.info("{} disconnected", peerId);
            manager.onPeerDisconnect(peerId, ctx.channel());
        }
        manager.onInstanceDisconnect(task, ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

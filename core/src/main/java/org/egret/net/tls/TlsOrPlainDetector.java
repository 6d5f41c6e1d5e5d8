package org.egret.net.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in an accepted connection of a server that takes TLS from other hosts and plain
 * connections from its own container: looks at the first bytes, then puts TLS in its place or,
 * for a plain connection from an address of this host, just leaves. A plain connection from
 * anywhere else is closed before anything of it is parsed.
 */
public final class TlsOrPlainDetector extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(TlsOrPlainDetector.class);

    private final TopologyTls tls;
    private final boolean plainFromThisHost;

    public TlsOrPlainDetector(TopologyTls tls, boolean plainFromThisHost) {
        this.tls = tls;
        this.plainFromThisHost = plainFromThisHost;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 5) {
            return;
        }
        if (SslHandler.isEncrypted(in)) {
            ctx.pipeline().replace(this, "tls", tls.serverContext().newHandler(ctx.alloc()));
        } else if (plainFromThisHost && fromThisHost(ctx)) {
            ctx.pipeline().remove(this);
        } else {
            LOG.warn(
                    "closing a plain connection from {}: this server takes TLS only",
                    ctx.channel().remoteAddress());
            in.skipBytes(in.readableBytes());
            ctx.close();
        }
    }

    private static boolean fromThisHost(ChannelHandlerContext ctx) {
        if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)) {
            return false;
        }
        InetAddress a = remote.getAddress();
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}

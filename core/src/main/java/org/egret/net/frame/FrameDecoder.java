package org.egret.net.frame;

import com.google.protobuf.CodedInputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

/**
 * Splits the stream into frames and parses each into its protobuf message, except tuple batches:
 * those come out as a {@link TaskBatchFrame}, the frame's own bytes, for the stream manager to
 * forward and the instance to read in place.
 *
 * <p>Until the connection is authenticated ({@link #authenticated()}), only authentication frames
 * of at most {@link Frames#AUTH_MAX_FRAME} bytes are parsed: a peer that has not proven it holds the
 * topology's secret can make this side allocate a kilobyte and parse four small messages, nothing
 * else. After that, frames are capped at the connection's limit. A frame over the cap, or of the
 * wrong kind, closes the connection before its body is read.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    private final int maxFrameBytes;
    private boolean authenticated;

    /** A decoder for a connection that authenticates first, then carries frames of up to {@code maxFrameBytes}. */
    public FrameDecoder(int maxFrameBytes) {
        // the length check is ours (it depends on the stage), so the superclass never sees a frame over it
        super(Integer.MAX_VALUE, 0, Frames.LENGTH_BYTES, 0, Frames.LENGTH_BYTES);
        this.maxFrameBytes = maxFrameBytes;
        setCumulator(FrameDecoder::cumulate);
    }

    /**
     * Netty's merging cumulator, but the bytes already decoded go first whenever nothing else holds the
     * buffer. The tuple batches this decoder hands out are slices of its buffer (zero-copy forwarding),
     * and Netty discards decoded bytes only when no slice is alive at the end of a read, which on a
     * forwarding stream manager is almost never: the batches of the read are still on their way out.
     * Appending then grew the buffer by every byte received, decoded bytes included (one stream
     * manager's buffer reached 124 MiB and ran out of direct memory while its peer was not reading).
     * With a slice alive, Netty's cumulator already moves what is undecoded into a new buffer.
     */
    private static ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (cumulation.refCnt() == 1
                && in.readableBytes() > cumulation.maxFastWritableBytes()
                && !cumulation.isReadOnly()) {
            // moves bytes only once the decoded ones fill half the buffer, so each is moved at most once
            // or twice; the buffer then grows only for what is undecoded
            cumulation.discardSomeReadBytes();
        }
        return MERGE_CUMULATOR.cumulate(alloc, cumulation, in);
    }

    /** The capacity of the buffer of bytes not yet decoded, and of decoded ones not yet discarded. */
    int bufferCapacity() {
        return internalBuffer().capacity();
    }

    /** The peer has proven itself: frames of any type up to the connection's cap are parsed from now on. */
    public void authenticated() {
        authenticated = true;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        int start = in.readerIndex();
        if (in.readableBytes() >= Frames.LENGTH_BYTES) {
            int length = in.getInt(start);
            int cap = authenticated ? maxFrameBytes : Frames.AUTH_MAX_FRAME;
            if (!Frames.fits(length, cap)) {
                reject(ctx, in);
                throw new TooLongFrameException(
                        "frame of " + length + " bytes from " + ctx.channel().remoteAddress()
                                + (authenticated ? " (the limit is " + cap + ")" : " before authentication"));
            }
            if (!authenticated
                    && in.readableBytes() >= Frames.HEADER_BYTES
                    && !MessageType.beforeAuthentication(in.getByte(start + Frames.LENGTH_BYTES))) {
                reject(ctx, in);
                throw new CorruptedFrameException("frame of type " + in.getByte(start + Frames.LENGTH_BYTES) + " from "
                        + ctx.channel().remoteAddress() + " before authentication");
            }
        }
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            if (frame.getByte(frame.readerIndex()) == MessageType.TASK_BATCH.code()) {
                // the whole frame, length prefix included, so that it can be written on unchanged
                ByteBuf whole = in.retainedSlice(start, in.readerIndex() - start);
                try {
                    return TaskBatchFrame.of(whole);
                } catch (Exception e) {
                    whole.release();
                    throw e;
                }
            }
            return decodeFrame(frame);
        } finally {
            frame.release();
        }
    }

    /** Nothing more is read from this peer. */
    private static void reject(ChannelHandlerContext ctx, ByteBuf in) {
        in.skipBytes(in.readableBytes());
        ctx.close();
    }

    /** Parses one frame (type byte then body) that has had its length prefix removed. */
    private static Object decodeFrame(ByteBuf frame) throws Exception {
        MessageType type = MessageType.of(frame.readByte());
        CodedInputStream cis = frame.nioBufferCount() == 1
                ? CodedInputStream.newInstance(frame.nioBuffer())
                : CodedInputStream.newInstance(new ByteBufInputStream(frame));
        cis.setSizeLimit(Integer.MAX_VALUE);
        return type.parser().parseFrom(cis);
    }
}

package org.egret.acking;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import java.io.UncheckedIOException;
import org.egret.net.frame.Frames;
import org.egret.net.frame.MessageType;
import org.egret.proto.AckBatch;

/** Tests read an {@link AckBatchBuilder}'s ACK_BATCH frames back as the AckBatch a receiver decodes. */
public final class AckFrames {
    private AckFrames() {}

    /** The AckBatch in {@code frame}, which is released; fails unless it is one whole ACK_BATCH frame. */
    public static AckBatch parse(ByteBuf frame) {
        try {
            if (frame.getByte(Frames.LENGTH_BYTES) != MessageType.ACK_BATCH.code()
                    || frame.getInt(0) != frame.readableBytes() - Frames.LENGTH_BYTES) {
                throw new IllegalArgumentException("not one whole ACK_BATCH frame");
            }
            return AckBatch.parseFrom(
                    frame.nioBuffer(Frames.HEADER_BYTES, frame.readableBytes() - Frames.HEADER_BYTES));
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        } finally {
            frame.release();
        }
    }

    /** What {@code b} holds, as a received AckBatch; {@code b} starts a new batch. */
    public static AckBatch take(AckBatchBuilder b) {
        return parse(b.takeFrame());
    }
}

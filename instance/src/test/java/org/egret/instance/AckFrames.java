package org.egret.instance;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import java.io.UncheckedIOException;
import org.egret.net.frame.Frames;
import org.egret.net.frame.MessageType;
import org.egret.proto.AckBatch;

/** What a test's AckOutbox sink received: its ACK_BATCH frames read back. */
final class AckFrames {
    private AckFrames() {}

    /** The AckBatch in {@code frame}, which is released. */
    static AckBatch parse(ByteBuf frame) {
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
}

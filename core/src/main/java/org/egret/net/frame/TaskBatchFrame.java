package org.egret.net.frame;

import com.google.protobuf.CodedInputStream;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.egret.proto.TaskBatch;

/**
 * A TASK_BATCH frame as it came off the wire: whole, length prefix included, so a stream manager
 * writes it on as it is, and parsed no further than its destination task and tuple count. It holds
 * one reference on its buffer: whoever ends its journey either writes {@link #frame()} to a channel
 * (which releases it) or calls {@link #release()}.
 */
public final class TaskBatchFrame {
    /** The int32 length and the type byte in front of the body. */
    public static final int BODY_OFFSET = 5;

    private final ByteBuf frame;
    private final int destTask;
    private final int count;

    private TaskBatchFrame(ByteBuf frame, int destTask, int count) {
        this.frame = frame;
        this.destTask = destTask;
        this.count = count;
    }

    /**
     * Wraps a whole frame (taking over its reference). Our writers put dest_task and count first; a
     * batch from any other protobuf encoder (which leaves out zeros) is parsed whole to find them.
     */
    public static TaskBatchFrame of(ByteBuf whole) throws IOException {
        ByteBuffer body = whole.nioBuffer(whole.readerIndex() + BODY_OFFSET, whole.readableBytes() - BODY_OFFSET);
        CodedInputStream in = CodedInputStream.newInstance(body.duplicate());
        int dest = -1;
        int count = -1;
        if (in.readTag() == TaskBatchWriter.DEST_TAG) {
            dest = in.readInt32();
            if (in.readTag() == TaskBatchWriter.COUNT_TAG) {
                count = in.readInt32();
            }
        }
        if (dest < 0 || count < 0) {
            TaskBatch parsed = TaskBatch.parseFrom(body);
            dest = parsed.getDestTask();
            count = parsed.getTuplesCount();
        }
        return new TaskBatchFrame(whole, dest, count);
    }

    /** The whole frame, to be written to a channel (the write takes over the reference). */
    public ByteBuf frame() {
        return frame;
    }

    /** A copy of the protobuf body (a TaskBatch); instances read theirs in place, tests use this. */
    public byte[] bodyBytes() {
        return bodyBytes(frame);
    }

    /** A copy of the protobuf body of a whole TASK_BATCH frame, length prefix included. */
    public static byte[] bodyBytes(ByteBuf whole) {
        byte[] out = new byte[whole.readableBytes() - BODY_OFFSET];
        whole.getBytes(whole.readerIndex() + BODY_OFFSET, out);
        return out;
    }

    public int destTask() {
        return destTask;
    }

    public int count() {
        return count;
    }

    public void release() {
        frame.release();
    }
}

package org.egret.net.frame;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.egret.proto.DataTuple;
import org.egret.proto.TaskBatch;

/**
 * Builds the TASK_BATCH frame for one destination task, tuple by tuple, straight into the array that
 * becomes the frame: no DataTuple objects, and each tuple's values are copied once. Room is left in
 * front for the header (length, type, dest_task, count), which is written when the batch is taken.
 * The bytes are a valid encoding of the same TaskBatch; unlike protobuf's own, dest_task and count
 * come first and zero values are written out.
 */
public final class TaskBatchWriter {
    private static final int HEADROOM = 4 + 1 + (1 + 5) + (1 + 5);
    private static final int MIN_BYTES = 256;
    private static final int MAX_START_BYTES = 1 << 20;
    static final int TUPLE_TAG = tag(TaskBatch.TUPLES_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    static final int DEST_TAG = tag(TaskBatch.DEST_TASK_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    static final int COUNT_TAG = tag(TaskBatch.COUNT_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    private static final int SOURCE_TAG = tag(DataTuple.SOURCE_TASK_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    private static final int STREAM_TAG = tag(DataTuple.STREAM_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int VALUES_TAG = tag(DataTuple.VALUES_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ROOTS_TAG = tag(DataTuple.ROOTS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int EDGES_TAG = tag(DataTuple.ROOT_EDGES_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    private final int destTask;
    private byte[] buf;
    /** The array of the frame taken last, until its sink reports it written ({@link #written}). */
    private byte[] inFlight;
    /**
     * An array whose frame has been written: the next batch starts in it instead of a new one, which
     * the JVM would have to zero, and collect, for every batch.
     */
    private byte[] spare;

    private CodedOutputStream out;
    private int base;
    private int count;

    public TaskBatchWriter(int destTask) {
        this.destTask = destTask;
        startBuffer(MIN_BYTES);
    }

    /** A field's key on the wire (protobuf's makeTag, which is not public). */
    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    /**
     * Appends one tuple. {@code streamUtf8}: the stream name's UTF-8 bytes; {@code roots}: null or
     * empty for an unanchored tuple.
     */
    public void add(int sourceTask, byte[] streamUtf8, byte[] values, int valuesLen, TupleRoots roots) {
        int n = roots == null ? 0 : roots.size();
        int rootsBytes = Long.BYTES * n; // packed fixed64
        int edgesBytes = rootsBytes;
        int body = 1
                + CodedOutputStream.computeInt32SizeNoTag(sourceTask)
                + 1
                + CodedOutputStream.computeUInt32SizeNoTag(streamUtf8.length)
                + streamUtf8.length
                + 1
                + CodedOutputStream.computeUInt32SizeNoTag(valuesLen)
                + valuesLen;
        if (n > 0) {
            body += 1
                    + CodedOutputStream.computeUInt32SizeNoTag(rootsBytes)
                    + rootsBytes
                    + 1
                    + CodedOutputStream.computeUInt32SizeNoTag(edgesBytes)
                    + edgesBytes;
        }
        ensure(1 + CodedOutputStream.computeUInt32SizeNoTag(body) + body);
        try {
            out.writeUInt32NoTag(TUPLE_TAG);
            out.writeUInt32NoTag(body);
            out.writeUInt32NoTag(SOURCE_TAG);
            out.writeInt32NoTag(sourceTask);
            out.writeUInt32NoTag(STREAM_TAG);
            out.writeUInt32NoTag(streamUtf8.length);
            out.writeRawBytes(streamUtf8);
            out.writeUInt32NoTag(VALUES_TAG);
            out.writeUInt32NoTag(valuesLen);
            out.writeRawBytes(values, 0, valuesLen);
            if (n > 0) {
                out.writeUInt32NoTag(ROOTS_TAG);
                out.writeUInt32NoTag(rootsBytes);
                for (int i = 0; i < n; i++) {
                    out.writeFixed64NoTag(roots.root(i));
                }
                out.writeUInt32NoTag(EDGES_TAG);
                out.writeUInt32NoTag(edgesBytes);
                for (int i = 0; i < n; i++) {
                    out.writeFixed64NoTag(roots.edge(i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("tuple does not fit the space computed for it", e);
        }
        count++;
    }

    private void ensure(int bytes) {
        if (out.spaceLeft() >= bytes) {
            return;
        }
        int used = position();
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, used + bytes));
        base = used;
        out = CodedOutputStream.newInstance(buf, used, buf.length - used);
    }

    private int position() {
        return base + out.getTotalBytesWritten();
    }

    private void startBuffer(int bytes) {
        int size = Math.max(MIN_BYTES, bytes);
        // a spare grown for a huge batch is dropped, as the new array would be capped
        buf = spare != null && spare.length >= size && spare.length <= MAX_START_BYTES ? spare : new byte[size];
        spare = null;
        base = HEADROOM;
        out = CodedOutputStream.newInstance(buf, HEADROOM, buf.length - HEADROOM);
        count = 0;
    }

    public int destTask() {
        return destTask;
    }

    /** Tuples in the batch being built. */
    public int count() {
        return count;
    }

    /**
     * Reports that the frame taken last has been written (or dropped) and nothing reads its array any
     * more: a later batch may be built in it. Only for a sink that is done with a frame when it says so.
     */
    public void written() {
        if (inFlight != null) {
            spare = inFlight;
            inFlight = null;
        }
    }

    /**
     * The finished frame (wrapping this writer's array, which it gives up until {@link #written}); the
     * writer starts a new batch.
     */
    public ByteBuf take() {
        int end = position();
        int header = 1
                + CodedOutputStream.computeInt32SizeNoTag(destTask)
                + 1
                + CodedOutputStream.computeInt32SizeNoTag(count);
        int start = HEADROOM - header - Frames.HEADER_BYTES;
        Frames.putHeader(buf, start, end - start - Frames.HEADER_BYTES, MessageType.TASK_BATCH);
        CodedOutputStream h = CodedOutputStream.newInstance(buf, start + Frames.HEADER_BYTES, header);
        try {
            h.writeUInt32NoTag(DEST_TAG);
            h.writeInt32NoTag(destTask);
            h.writeUInt32NoTag(COUNT_TAG);
            h.writeInt32NoTag(count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuf frame = Unpooled.wrappedBuffer(buf, start, end - start);
        inFlight = buf;
        // the next batch is likely about as big as this one: a quarter more, or a batch of slightly longer
        // tuples would copy its whole array to fit its last tuple; a huge one grows its array again rather
        // than every idle writer holding one that size
        startBuffer(Math.min(end + (end >>> 2), MAX_START_BYTES));
        return frame;
    }
}

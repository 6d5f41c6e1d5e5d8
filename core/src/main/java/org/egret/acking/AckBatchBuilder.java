package org.egret.acking;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.egret.net.frame.Frames;
import org.egret.net.frame.MessageType;
import org.egret.proto.AckBatch;
import org.egret.proto.AckKind;

/**
 * Collects acking events into the columns of an {@link AckBatch} and writes them straight into the
 * bytes of its frame. The columns stay plain arrays until then: protobuf's builder copied its
 * growing lists as events arrived, and then copied them again to encode, about a fifth of a stream
 * manager's work with acking on. One thread.
 */
public final class AckBatchBuilder {
    private static final int KINDS_TAG = AckBatch.KINDS_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int ROOTS_TAG = AckBatch.ROOTS_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int VALUES_TAG = AckBatch.VALUES_FIELD_NUMBER << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private byte[] kinds = new byte[64];
    private long[] roots = new long[64];
    private long[] values = new long[64];
    private int size;

    public void add(AckKind kind, long root, long value) {
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, size * 2);
            roots = Arrays.copyOf(roots, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        kinds[size] = (byte) kind.getNumber();
        roots[size] = root;
        values[size] = value;
        size++;
    }

    public int size() {
        return size;
    }

    /**
     * The batch so far as a whole ACK_BATCH frame (null when empty), the same bytes protobuf writes for
     * it; the builder starts a new batch.
     */
    public ByteBuf takeFrame() {
        int n = size;
        if (n == 0) {
            return null;
        }
        int longs = Long.BYTES * n; // packed fixed64
        int longsField = 1 + CodedOutputStream.computeUInt32SizeNoTag(longs) + longs;
        int body = 1 + CodedOutputStream.computeUInt32SizeNoTag(n) + n + 2 * longsField;
        byte[] frame = new byte[Frames.HEADER_BYTES + body];
        Frames.putHeader(frame, 0, body, MessageType.ACK_BATCH);
        CodedOutputStream out = CodedOutputStream.newInstance(frame, Frames.HEADER_BYTES, body);
        try {
            out.writeUInt32NoTag(KINDS_TAG);
            out.writeUInt32NoTag(n);
            out.writeRawBytes(kinds, 0, n);
            out.writeUInt32NoTag(ROOTS_TAG);
            out.writeUInt32NoTag(longs);
            for (int i = 0; i < n; i++) {
                out.writeFixed64NoTag(roots[i]);
            }
            out.writeUInt32NoTag(VALUES_TAG);
            out.writeUInt32NoTag(longs);
            for (int i = 0; i < n; i++) {
                out.writeFixed64NoTag(values[i]);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("acking events do not fit the space computed for them", e);
        }
        size = 0;
        return Unpooled.wrappedBuffer(frame);
    }

    /** Drops the batch so far, without encoding it. */
    public void discard() {
        size = 0;
    }

    /** The events of a received batch, or -1 when its columns disagree (a malformed batch). */
    public static int events(AckBatch b) {
        int n = b.getKinds().size();
        return b.getRootsCount() == n && b.getValuesCount() == n ? n : -1;
    }

    /** The kind of event {@code i}; null for a kind this version does not know. */
    public static AckKind kind(AckBatch b, int i) {
        return AckKind.forNumber(b.getKinds().byteAt(i));
    }
}

package org.egret.net.frame;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.egret.proto.DataTuple;
import org.egret.proto.TaskBatch;

/**
 * Walks the tuples of a TaskBatch body in place: the current tuple's stream and values are offsets
 * into the array, nothing is copied or built per tuple, and a stream name is decoded once per
 * distinct name. Accepts any valid encoding of the message (fields in any order, packed or not).
 * One thread.
 */
public final class TaskBatchReader {
    private static final int MAX_STREAM_NAMES = 256;

    private byte[] buf;
    private int offset;
    private CodedInputStream in;
    private int destTask;
    private int sourceTask;
    private int streamOffset;
    private int streamLength;
    private int valuesOffset;
    private int valuesLength;
    private final TupleRoots roots = new TupleRoots();
    private byte[][] nameBytes = new byte[8][];
    private String[] names = new String[8];
    private int nameCount;

    /** Starts on a TaskBatch body held in {@code buf[offset, offset + length)}. */
    public void reset(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.offset = offset;
        this.in = CodedInputStream.newInstance(buf, offset, length);
        this.destTask = 0;
    }

    /** Moves to the next tuple; false at the end of the batch. */
    public boolean next() throws InvalidProtocolBufferException {
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case TaskBatch.DEST_TASK_FIELD_NUMBER -> destTask = in.readInt32();
                    case TaskBatch.TUPLES_FIELD_NUMBER -> {
                        int limit = in.pushLimit(in.readRawVarint32());
                        readTuple();
                        in.popLimit(limit);
                        return true;
                    }
                    default -> in.skipField(tag);
                }
            }
            return false;
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
    }

    private void readTuple() throws IOException {
        sourceTask = 0;
        streamOffset = streamLength = valuesOffset = valuesLength = 0;
        roots.clear();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int wireType = WireFormat.getTagWireType(tag);
            switch (WireFormat.getTagFieldNumber(tag)) {
                case DataTuple.SOURCE_TASK_FIELD_NUMBER -> sourceTask = in.readInt32();
                case DataTuple.STREAM_FIELD_NUMBER -> {
                    streamLength = in.readRawVarint32();
                    streamOffset = offset + in.getTotalBytesRead();
                    in.skipRawBytes(streamLength);
                }
                case DataTuple.VALUES_FIELD_NUMBER -> {
                    valuesLength = in.readRawVarint32();
                    valuesOffset = offset + in.getTotalBytesRead();
                    in.skipRawBytes(valuesLength);
                }
                case DataTuple.ROOTS_FIELD_NUMBER -> readLongs(wireType, true);
                case DataTuple.ROOT_EDGES_FIELD_NUMBER -> readLongs(wireType, false);
                default -> in.skipField(tag);
            }
        }
        if (!roots.paired()) {
            throw new InvalidProtocolBufferException(
                    "a tuple from task " + sourceTask + " has different numbers of roots and root edges");
        }
    }

    /** A fixed64 field, packed (as writers write it) or one element per tag. */
    private void readLongs(int wireType, boolean rootsField) throws IOException {
        if (wireType == WireFormat.WIRETYPE_FIXED64) {
            add(in.readFixed64(), rootsField);
            return;
        }
        if (wireType != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            throw new InvalidProtocolBufferException("wire type " + wireType + " for a fixed64 field of a tuple");
        }
        int limit = in.pushLimit(in.readRawVarint32());
        while (in.getBytesUntilLimit() > 0) {
            add(in.readFixed64(), rootsField);
        }
        in.popLimit(limit);
    }

    private void add(long v, boolean rootsField) {
        if (rootsField) {
            roots.addRoot(v);
        } else {
            roots.addEdge(v);
        }
    }

    /** The batch's destination task, once the reader has passed it (writers put it first). */
    public int destTask() {
        return destTask;
    }

    public int sourceTask() {
        return sourceTask;
    }

    /** The current tuple's stream, as the same String instance for the same name. */
    public String stream() {
        for (int i = 0; i < nameCount; i++) {
            if (sameBytes(nameBytes[i])) {
                return names[i];
            }
        }
        String s = new String(buf, streamOffset, streamLength, StandardCharsets.UTF_8);
        if (nameCount < MAX_STREAM_NAMES) {
            if (nameCount == names.length) {
                names = Arrays.copyOf(names, nameCount * 2);
                nameBytes = Arrays.copyOf(nameBytes, nameCount * 2);
            }
            nameBytes[nameCount] = Arrays.copyOfRange(buf, streamOffset, streamOffset + streamLength);
            names[nameCount++] = s;
        }
        return s;
    }

    // stream names are short: a plain loop beats Arrays.equals' vectorized range compare here
    private boolean sameBytes(byte[] name) {
        if (name.length != streamLength) {
            return false;
        }
        for (int i = 0; i < streamLength; i++) {
            if (name[i] != buf[streamOffset + i]) {
                return false;
            }
        }
        return true;
    }

    /** The array the values are in (the one given to {@link #reset}). */
    public byte[] buffer() {
        return buf;
    }

    public int valuesOffset() {
        return valuesOffset;
    }

    public int valuesLength() {
        return valuesLength;
    }

    /** The current tuple's acking fields (valid until the next call to {@link #next}). */
    public TupleRoots roots() {
        return roots;
    }
}

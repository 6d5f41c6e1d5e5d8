package org.egret.acking;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import org.egret.proto.AckBatch;
import org.egret.proto.AckKind;

/** Collects acking events into the columns of an {@link AckBatch}. One thread. */
public final class AckBatchBuilder {
    private AckBatch.Builder batch = AckBatch.newBuilder();
    private byte[] kinds = new byte[64];
    private int size;

    public void add(AckKind kind, long root, long value) {
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, size * 2);
        }
        kinds[size++] = (byte) kind.getNumber();
        batch.addRoots(root).addValues(value);
    }

    public int size() {
        return size;
    }

    /** The batch so far (null when empty); the builder starts a new one. */
    public AckBatch take() {
        if (size == 0) {
            return null;
        }
        AckBatch out = batch.setKinds(ByteString.copyFrom(kinds, 0, size)).build();
        batch = AckBatch.newBuilder();
        size = 0;
        return out;
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

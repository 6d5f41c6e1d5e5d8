package org.egret.storm.serialization;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;

/**
 * The check that keeps a tuple's bytes from making its reader allocate more than they can fill: a
 * declared length (of a collection, map, array or string) needs at least a byte per element, so a
 * length beyond the bytes left in the frame is a lie, refused before anything is allocated for it.
 * A 100-byte tuple declaring 2^31-1 elements would otherwise ask for gigabytes.
 */
public final class DeclaredLengths {
    private DeclaredLengths() {}

    /**
     * Throws unless {@code count} elements of at least {@code bytesEach} bytes fit in what {@code in}
     * has left. An input that reads a stream (its end unknown) is not checked.
     */
    public static void check(Input in, long count, int bytesEach, String what) {
        if (count < 0) {
            throw new KryoException("a negative " + what + " length: " + count);
        }
        if (in.getInputStream() != null) {
            return;
        }
        long left = in.limit() - in.position();
        if (count * bytesEach > left) {
            throw new KryoException(
                    "a " + what + " declares " + count + " elements but only " + left + " bytes are left in the tuple");
        }
    }
}

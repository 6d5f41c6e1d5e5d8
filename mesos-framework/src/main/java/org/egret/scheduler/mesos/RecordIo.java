package org.egret.scheduler.mesos;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Mesos' RecordIO framing of the event stream: each record is its length in decimal ASCII, a
 * newline, then that many bytes. The decoder is incremental because HTTP chunks do not follow
 * record boundaries: a chunk may end inside the length, right after the newline, or mid-record.
 */
public final class RecordIo {
    /** Larger than any event the master sends; a bigger length means a corrupt stream. */
    static final int MAX_RECORD = 256 << 20;

    private final ByteArrayOutputStream record = new ByteArrayOutputStream();
    private long length = -1;
    private int lengthDigits;
    private long pendingLength;

    /** Encodes one record (the simulated master and tests write with it). */
    public static byte[] encode(byte[] body) {
        byte[] head = (body.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    /** Feeds the next bytes of the stream; returns the records they completed, in order. */
    public List<byte[]> feed(byte[] buf, int off, int len) {
        List<byte[]> done = new ArrayList<>();
        int i = off;
        int end = off + len;
        while (i < end) {
            if (length < 0) {
                byte b = buf[i++];
                if (b == '\n') {
                    if (lengthDigits == 0) {
                        throw new IllegalStateException("RecordIO: empty record length");
                    }
                    length = pendingLength;
                    pendingLength = 0;
                    lengthDigits = 0;
                } else if (b >= '0' && b <= '9') {
                    pendingLength = pendingLength * 10 + (b - '0');
                    if (++lengthDigits > 10 || pendingLength > MAX_RECORD) {
                        throw new IllegalStateException("RecordIO: record length too large");
                    }
                } else {
                    throw new IllegalStateException("RecordIO: unexpected byte " + (b & 0xff) + " in a record length");
                }
            } else {
                int take = (int) Math.min(end - i, length - record.size());
                record.write(buf, i, take);
                i += take;
            }
            if (length >= 0 && record.size() == length) {
                done.add(record.toByteArray());
                record.reset();
                length = -1;
            }
        }
        return done;
    }
}

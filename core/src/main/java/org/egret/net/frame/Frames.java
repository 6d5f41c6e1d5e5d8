package org.egret.net.frame;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.function.IntPredicate;

/**
 * The frame every Egret connection carries: {@code int32 length | byte type | body}, where the length
 * counts the type byte and the body. Every reader and writer of frames takes the layout and its checks
 * from here: the Netty pipelines ({@link FrameDecoder}, {@link FrameEncoder}), an instance's task
 * connection (plain NIO, reading in place) and the blocking handshakes. Only the loop that finds whole
 * frames in a buffer is written per kind of buffer.
 */
public final class Frames {
    /** The length prefix. */
    public static final int LENGTH_BYTES = 4;
    /** The length prefix and the type byte: where a frame's body starts. */
    public static final int HEADER_BYTES = LENGTH_BYTES + 1;
    /** The cap before authentication: the authentication messages are under 200 bytes. */
    public static final int AUTH_MAX_FRAME = 1024;

    private Frames() {}

    /**
     * Writes a frame's header at {@code buf[at]}: the length prefix (which counts the type byte and the
     * body) and the type. For frames written straight into an array rather than encoded from a message.
     */
    public static void putHeader(byte[] buf, int at, int bodyLength, MessageType type) {
        int length = bodyLength + 1;
        buf[at] = (byte) (length >>> 24);
        buf[at + 1] = (byte) (length >>> 16);
        buf[at + 2] = (byte) (length >>> 8);
        buf[at + 3] = (byte) length;
        buf[at + LENGTH_BYTES] = type.code();
    }

    /** Whether a reader capped at {@code cap} bytes takes a frame of this length: the type byte at least, the cap at most. */
    public static boolean fits(int length, int cap) {
        return length >= 1 && length <= cap;
    }

    /** One whole frame of {@code m}, on the heap. */
    public static ByteBuffer encode(Message m) {
        byte[] body = m.toByteArray();
        ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + body.length);
        frame.putInt(body.length + 1).put(MessageType.of(m).code()).put(body);
        return frame.flip();
    }

    /**
     * Reads one frame from a blocking stream and parses its body. A length over {@code cap} fails before
     * anything more is read, and a type that {@code allowed} refuses before the body is parsed; the
     * errors end with {@code during}, e.g. "during authentication".
     */
    public static Message read(InputStream in, int cap, IntPredicate allowed, String during) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int length = data.readInt();
        if (!fits(length, cap)) {
            throw new IOException("a frame of " + length + " bytes " + during);
        }
        byte[] frame = new byte[length];
        data.readFully(frame);
        if (!allowed.test(frame[0])) {
            throw new IOException("a frame of type " + frame[0] + " " + during);
        }
        try {
            return MessageType.of(frame[0]).parser().parseFrom(ByteBuffer.wrap(frame, 1, length - 1));
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("a malformed " + MessageType.of(frame[0]) + " " + during, e);
        }
    }
}

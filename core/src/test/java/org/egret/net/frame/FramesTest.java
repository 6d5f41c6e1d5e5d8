package org.egret.net.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.egret.proto.AuthHello;
import org.egret.proto.RegisterInstanceResponse;
import org.junit.jupiter.api.Test;

class FramesTest {
    private static final AuthHello HELLO =
            AuthHello.newBuilder().setIdentity("stmgr-1").build();

    @Test
    void encodesWhatTheNettyEncoderWrites() throws IOException {
        ByteBuf netty = Unpooled.buffer();
        FrameEncoder.encode(HELLO, netty);
        ByteBuffer heap = Frames.encode(HELLO);
        assertEquals(netty.nioBuffer(), heap);
        assertEquals(heap.remaining() - Frames.LENGTH_BYTES, heap.getInt(0), "the length counts type and body");
        assertEquals(MessageType.of(HELLO).code(), heap.get(Frames.LENGTH_BYTES));
    }

    @Test
    void readsOneFrameFromAStream() throws IOException {
        byte[] bytes = Frames.encode(HELLO).array();
        assertEquals(HELLO, Frames.read(new ByteArrayInputStream(bytes), 100, t -> true, "in a test"));
    }

    @Test
    void refusesAnOverlongFrameBeforeReadingItsBodyAndATypeBeforeParsingIt() {
        byte[] bytes = Frames.encode(HELLO).array();
        IOException longer = assertThrows(
                IOException.class, () -> Frames.read(new ByteArrayInputStream(bytes), 3, t -> true, "in a test"));
        assertEquals("a frame of " + (bytes.length - 4) + " bytes in a test", longer.getMessage());
        IOException type = assertThrows(
                IOException.class,
                () -> Frames.read(
                        new ByteArrayInputStream(bytes),
                        100,
                        t -> t
                                == MessageType.of(RegisterInstanceResponse.getDefaultInstance())
                                        .code(),
                        "in a test"));
        assertTrue(type.getMessage().startsWith("a frame of type "), type.getMessage());
    }

    @Test
    void aLengthFitsFromTheTypeByteToTheCap() {
        assertFalse(Frames.fits(0, 10));
        assertTrue(Frames.fits(1, 10));
        assertTrue(Frames.fits(10, 10));
        assertFalse(Frames.fits(11, 10));
        assertFalse(Frames.fits(-5, 10));
    }
}

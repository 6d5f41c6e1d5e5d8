package org.egret.acking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBuf;
import org.egret.net.frame.Frames;
import org.egret.net.frame.MessageType;
import org.egret.proto.AckBatch;
import org.egret.proto.AckKind;
import org.junit.jupiter.api.Test;

class AckBatchBuilderTest {
    @Test
    void eventsTravelAsColumnsAndComeBackInOrder() throws Exception {
        AckBatchBuilder b = new AckBatchBuilder();
        assertNull(b.takeFrame(), "nothing to send");
        for (int i = 0; i < 200; i++) { // past the initial kinds array
            b.add(AckKind.forNumber(i % 4), EdgeIds.root(3, i), -i);
        }
        assertEquals(200, b.size());
        ByteBuf frame = b.takeFrame();
        assertEquals(0, b.size(), "take starts a new batch");
        assertEquals(frame.readableBytes() - Frames.LENGTH_BYTES, frame.getInt(0), "the length prefix");
        assertEquals(MessageType.ACK_BATCH.code(), frame.getByte(Frames.LENGTH_BYTES));
        byte[] body = new byte[frame.readableBytes() - Frames.HEADER_BYTES];
        frame.getBytes(Frames.HEADER_BYTES, body);
        AckBatch sent = AckBatch.parseFrom(body);
        assertArrayEquals(sent.toByteArray(), body, "protobuf's own bytes for the batch");
        assertEquals(200, AckBatchBuilder.events(sent));
        for (int i = 0; i < 200; i++) {
            assertEquals(AckKind.forNumber(i % 4), AckBatchBuilder.kind(sent, i));
            assertEquals(EdgeIds.root(3, i), sent.getRoots(i));
            assertEquals(-i, sent.getValues(i));
        }
    }

    @Test
    void columnsThatDisagreeMakeAMalformedBatchAndUnknownKindsAreNull() {
        AckBatch bad = AckBatch.newBuilder()
                .setKinds(ByteString.copyFrom(new byte[] {1, 1}))
                .addRoots(5)
                .addValues(6)
                .build();
        assertEquals(-1, AckBatchBuilder.events(bad));
        AckBatch future = AckBatch.newBuilder()
                .setKinds(ByteString.copyFrom(new byte[] {9}))
                .addRoots(5)
                .addValues(6)
                .build();
        assertEquals(1, AckBatchBuilder.events(future));
        assertNull(AckBatchBuilder.kind(future, 0));
    }
}

package org.egret.acking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import org.egret.proto.AckBatch;
import org.egret.proto.AckKind;
import org.junit.jupiter.api.Test;

class AckBatchBuilderTest {
    @Test
    void eventsTravelAsColumnsAndComeBackInOrder() throws Exception {
        AckBatchBuilder b = new AckBatchBuilder();
        assertNull(b.take(), "nothing to send");
        for (int i = 0; i < 200; i++) { // past the initial kinds array
            b.add(AckKind.forNumber(i % 4), EdgeIds.root(3, i), -i);
        }
        assertEquals(200, b.size());
        AckBatch sent = AckBatch.parseFrom(b.take().toByteArray());
        assertEquals(0, b.size(), "take starts a new batch");
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

package org.egret.net.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.net.TestWires;
import org.egret.proto.DataTuple;
import org.egret.proto.HelloStMgr;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricsBatch;
import org.egret.proto.RegisterStMgrRequest;
import org.egret.proto.StMgrLocation;
import org.egret.proto.TaskBatch;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final List<Message> SAMPLES = List.of(
            HelloStMgr.newBuilder().setStmgrId("stmgr-1").build(),
            RegisterStMgrRequest.newBuilder()
                    .setStmgr(StMgrLocation.newBuilder()
                            .setId("stmgr-2")
                            .setContainer(2)
                            .setHost("127.0.0.1")
                            .setDataPort(4711)
                            .setPid(99))
                    .addTaskIds(3)
                    .addTaskIds(4)
                    .build(),
            TaskBatch.newBuilder()
                    .setDestTask(5)
                    .setCount(1)
                    .addTuples(DataTuple.newBuilder()
                            .setSourceTask(1)
                            .setStream("default")
                            .setValues(ByteString.copyFromUtf8("kryo bytes"))
                            .addRoots(7)
                            .addRootEdges(8))
                    .build(),
            MetricsBatch.newBuilder()
                    .setSource("stmgr-1")
                    .addMetrics(MetricDatum.newBuilder().setName("n").setValue("1"))
                    .build(),
            // An empty body: the frame is just the type byte.
            HelloStMgr.getDefaultInstance());

    /** Encodes with the real encoder through a channel, as a peer would send it. */
    private static ByteBuf encodeAll(List<Message> messages) {
        EmbeddedChannel out = new EmbeddedChannel(FrameEncoder.INSTANCE);
        for (Message m : messages) {
            out.writeOutbound(m);
        }
        ByteBuf all = Unpooled.buffer();
        ByteBuf b;
        while ((b = out.readOutbound()) != null) {
            all.writeBytes(b);
            b.release();
        }
        out.finishAndReleaseAll();
        return all;
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }

    /**
     * The next decoded message. A TaskBatch arrives as a TaskBatchFrame holding the whole frame as it
     * was on the wire; it is parsed here, and released, which must leave none of the input referenced.
     */
    private static Object next(EmbeddedChannel in) throws Exception {
        Object o = in.readInbound();
        if (!(o instanceof TaskBatchFrame f)) {
            return o;
        }
        TaskBatch parsed = TaskBatch.parseFrom(f.bodyBytes());
        assertEquals(parsed.getDestTask(), f.destTask());
        assertEquals(parsed.getTuplesCount(), f.count());
        // the frame can be written on unchanged: it is exactly what the encoder wrote
        ByteBuf expected = encodeAll(List.of(parsed));
        assertArrayEquals(bytes(expected), bytes(f.frame()));
        expected.release();
        ByteBuf frame = f.frame();
        f.release();
        assertEquals(0, frame.refCnt(), "the frame holds no reference once released");
        return parsed;
    }

    @Test
    void roundTripsEachMessageType() throws Exception {
        EmbeddedChannel in = new EmbeddedChannel(TestWires.authenticatedDecoder());
        for (Message m : SAMPLES) {
            ByteBuf bytes = encodeAll(List.of(m));
            in.writeInbound(bytes);
            assertEquals(m, next(in));
            assertEquals(
                    0,
                    bytes.refCnt(),
                    "the decoder keeps nothing of " + m.getClass().getSimpleName());
        }
        assertFalse(in.finish());
    }

    @Test
    void aTaskBatchComesOutAsItsFrame() throws Exception {
        TaskBatchWriter w = new TaskBatchWriter(9);
        w.add(2, "s".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {1, 2, 3}, 3, null);
        w.add(2, "s".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[] {4}, 1, null);
        ByteBuf written = w.take();
        byte[] wire = bytes(written);
        EmbeddedChannel in = new EmbeddedChannel(TestWires.authenticatedDecoder());
        in.writeInbound(written);
        TaskBatchFrame f = in.readInbound();
        assertEquals(9, f.destTask());
        assertEquals(2, f.count());
        assertArrayEquals(wire, bytes(f.frame()));
        TaskBatch parsed = TaskBatch.parseFrom(f.bodyBytes());
        assertEquals(9, parsed.getDestTask());
        assertEquals(2, parsed.getCount());
        assertEquals(
                ByteString.copyFrom(new byte[] {1, 2, 3}), parsed.getTuples(0).getValues());
        assertTrue(f.frame().refCnt() > 0);
        f.release();
        assertEquals(0, written.refCnt());
        assertFalse(in.finish());
    }

    @Test
    void aTaskBatchFrameOutlivesTheReadItCameIn() throws Exception {
        // two frames in one read, the second split across reads: the first must stay intact while the
        // decoder goes on accumulating (it holds a slice of the decoder's buffer)
        TaskBatch a = (TaskBatch) SAMPLES.get(2);
        TaskBatch b = a.toBuilder().setDestTask(6).build();
        ByteBuf bytes = encodeAll(List.of(a, b));
        EmbeddedChannel in = new EmbeddedChannel(TestWires.authenticatedDecoder());
        int firstLength = a.getSerializedSize() + 5;
        in.writeInbound(bytes.readRetainedSlice(firstLength + 3));
        TaskBatchFrame first = in.readInbound();
        assertNull(in.readInbound());
        in.writeInbound(bytes.readRetainedSlice(bytes.readableBytes()));
        bytes.release();
        TaskBatchFrame second = in.readInbound();
        assertEquals(6, second.destTask());
        assertEquals(b, TaskBatch.parseFrom(second.bodyBytes()));
        second.release();
        assertEquals(0, second.frame().refCnt());
        assertEquals(5, first.destTask());
        assertEquals(a, TaskBatch.parseFrom(first.bodyBytes()));
        first.release();
        assertEquals(0, first.frame().refCnt());
        assertFalse(in.finish());
    }

    @Test
    void reassemblesAFrameSplitAcrossReads() throws Exception {
        ByteBuf bytes = encodeAll(List.of(SAMPLES.get(1)));
        EmbeddedChannel in = new EmbeddedChannel(TestWires.authenticatedDecoder());
        // Split inside the length prefix, then inside the body.
        in.writeInbound(bytes.readRetainedSlice(2));
        assertNull(in.readInbound());
        in.writeInbound(bytes.readRetainedSlice(5));
        assertNull(in.readInbound());
        in.writeInbound(bytes.readRetainedSlice(bytes.readableBytes()));
        assertEquals(SAMPLES.get(1), in.readInbound());
        bytes.release();
        assertFalse(in.finish());
    }

    @Test
    void reassemblesATaskBatchSplitAcrossReads() throws Exception {
        ByteBuf bytes = encodeAll(List.of(SAMPLES.get(2)));
        EmbeddedChannel in = new EmbeddedChannel(TestWires.authenticatedDecoder());
        // Split inside the length prefix, then right after the type byte, then inside the body.
        in.writeInbound(bytes.readRetainedSlice(2));
        assertNull(in.readInbound());
        in.writeInbound(bytes.readRetainedSlice(3));
        assertNull(in.readInbound());
        in.writeInbound(bytes.readRetainedSlice(4));
        assertNull(in.readInbound());
        in.writeInbound(bytes.readRetainedSlice(bytes.readableBytes()));
        assertEquals(SAMPLES.get(2), next(in));
        bytes.release();
        assertFalse(in.finish());
    }

    @Test
    void decodesTwoFramesInOneRead() throws Exception {
        EmbeddedChannel in = new EmbeddedChannel(TestWires.authenticatedDecoder());
        in.writeInbound(encodeAll(List.of(SAMPLES.get(0), SAMPLES.get(2), SAMPLES.get(3))));
        assertEquals(SAMPLES.get(0), next(in));
        assertEquals(SAMPLES.get(2), next(in));
        assertEquals(SAMPLES.get(3), next(in));
        assertFalse(in.finish());
    }

    @Test
    void rejectsAMalformedTaskBatchAndKeepsNothing() {
        // dest_task's tag, then a varint that never ends
        ByteBuf frame = Unpooled.buffer()
                .writeInt(4)
                .writeByte(MessageType.TASK_BATCH.code())
                .writeByte(0x08)
                .writeByte(0xff)
                .writeByte(0xff);
        EmbeddedChannel in = new EmbeddedChannel(TestWires.authenticatedDecoder());
        assertThrows(DecoderException.class, () -> in.writeInbound(frame));
        assertEquals(0, frame.refCnt());
        in.finishAndReleaseAll();
    }

    @Test
    void rejectsAnUnknownTypeByte() {
        ByteBuf frame = Unpooled.buffer().writeInt(1).writeByte(63);
        EmbeddedChannel in = new EmbeddedChannel(TestWires.authenticatedDecoder());
        DecoderException e = assertThrows(DecoderException.class, () -> in.writeInbound(frame));
        assertEquals(IllegalArgumentException.class, e.getCause().getClass());
        in.finishAndReleaseAll();
    }

    @Test
    void rejectsANonWireMessage() {
        assertThrows(IllegalArgumentException.class, () -> MessageType.of(StMgrLocation.getDefaultInstance()));
    }

    @Test
    void aForwardingDecoderDoesNotGrowWithWhatPassesThroughItWhileItsBatchesAreStillOnTheirWay() {
        FrameDecoder decoder = TestWires.authenticatedDecoder();
        EmbeddedChannel in = new EmbeddedChannel(decoder);
        // 300 batches of 64 tuples of 1 KB each, in reads of 48 KB that end mid-frame
        ByteBuf stream = Unpooled.buffer();
        for (int i = 0; i < 300; i++) {
            TaskBatchWriter w = new TaskBatchWriter(5);
            for (int t = 0; t < 64; t++) {
                byte[] values = new byte[1024];
                w.add(1, "default".getBytes(StandardCharsets.UTF_8), values, values.length, null);
            }
            ByteBuf frame = w.take();
            stream.writeBytes(frame);
            frame.release();
        }
        long total = stream.readableBytes();
        List<TaskBatchFrame> onTheirWay = new ArrayList<>();
        int maxCapacity = 0;
        int frames = 0;
        while (stream.isReadable()) {
            // the batches of the last read are still being forwarded when the read completes, and go out
            // (are released) before the next one: what a stream manager does
            onTheirWay.forEach(TaskBatchFrame::release);
            onTheirWay.clear();
            in.writeInbound(stream.readRetainedSlice(Math.min(48 << 10, stream.readableBytes())));
            TaskBatchFrame f;
            while ((f = in.readInbound()) != null) {
                onTheirWay.add(f);
                frames++;
            }
            maxCapacity = Math.max(maxCapacity, decoder.bufferCapacity());
        }
        onTheirWay.forEach(TaskBatchFrame::release);
        stream.release();
        in.finishAndReleaseAll();
        assertEquals(300, frames);
        // about a frame and a read's worth (128 KB): without discarding, 512 KB here, and without bound on
        // a stream manager whose pooled direct buffers grow in place
        assertTrue(maxCapacity <= 256 << 10, "the decoder's buffer grew to " + maxCapacity + " bytes of " + total);
    }
}

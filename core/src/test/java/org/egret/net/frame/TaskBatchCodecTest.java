package org.egret.net.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.egret.proto.DataTuple;
import org.egret.proto.TaskBatch;
import org.junit.jupiter.api.Test;

/**
 * The hand-written tuple codec against protobuf's generated one: what {@link TaskBatchWriter}
 * writes is a valid TaskBatch, and {@link TaskBatchReader} reads any valid encoding of one.
 */
class TaskBatchCodecTest {

    /** One tuple as the reader saw it (copied out of the reader, which is reused). */
    private record Seen(int source, String stream, byte[] values, List<Long> roots, List<Long> edges) {}

    private static List<Seen> readAll(TaskBatchReader r, byte[] buf, int offset, int length)
            throws InvalidProtocolBufferException {
        r.reset(buf, offset, length);
        List<Seen> out = new ArrayList<>();
        while (r.next()) {
            TupleRoots roots = r.roots();
            List<Long> rs = new ArrayList<>();
            List<Long> es = new ArrayList<>();
            for (int i = 0; i < roots.size(); i++) {
                rs.add(roots.root(i));
                es.add(roots.edge(i));
            }
            out.add(new Seen(
                    r.sourceTask(),
                    r.stream(),
                    Arrays.copyOfRange(r.buffer(), r.valuesOffset(), r.valuesOffset() + r.valuesLength()),
                    rs,
                    es));
        }
        return out;
    }

    private static List<Seen> readAll(byte[] body) throws InvalidProtocolBufferException {
        return readAll(new TaskBatchReader(), body, 0, body.length);
    }

    private static void assertSameTuple(DataTuple expected, Seen actual) {
        assertEquals(expected.getSourceTask(), actual.source());
        assertEquals(expected.getStream(), actual.stream());
        assertArrayEquals(expected.getValues().toByteArray(), actual.values());
        assertEquals(expected.getRootsList(), actual.roots());
        assertEquals(expected.getRootEdgesList(), actual.edges());
    }

    private static byte[] bytes(ByteBuf frame) {
        byte[] out = new byte[frame.readableBytes()];
        frame.getBytes(frame.readerIndex(), out);
        return out;
    }

    private static TupleRoots roots(long... rootEdgePairs) {
        TupleRoots r = new TupleRoots();
        for (int i = 0; i < rootEdgePairs.length; i += 2) {
            r.add(rootEdgePairs[i], rootEdgePairs[i + 1]);
        }
        return r;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Checks the frame header and returns the body (a TaskBatch). */
    private static byte[] body(ByteBuf frame) {
        byte[] all = bytes(frame);
        assertEquals(all.length - 4, frame.getInt(frame.readerIndex()), "the length prefix counts type and body");
        assertEquals(MessageType.TASK_BATCH.code(), all[4]);
        return Arrays.copyOfRange(all, TaskBatchFrame.BODY_OFFSET, all.length);
    }

    // ---- writer -> protobuf ----

    @Test
    void theWriterProducesTheTaskBatchProtobufReads() throws Exception {
        TaskBatchWriter w = new TaskBatchWriter(7);
        byte[] values = utf8("kryo bytes, and some padding after them");
        // only the first valuesLen bytes of the array are the values
        w.add(3, utf8("default"), values, 10, null);
        w.add(-1, utf8("__tick"), new byte[0], 0, roots());
        w.add(
                300_000,
                utf8("strëam"),
                values,
                values.length,
                roots(Long.MIN_VALUE, -1L, 1L << 48 | 5, 42, 0, Long.MAX_VALUE));
        assertEquals(3, w.count());
        assertEquals(7, w.destTask());
        ByteBuf frame = w.take();
        assertEquals(0, w.count(), "take starts a new batch");

        TaskBatch parsed = TaskBatch.parseFrom(body(frame));
        assertEquals(7, parsed.getDestTask());
        assertEquals(3, parsed.getCount());
        assertEquals(3, parsed.getTuplesCount());
        DataTuple t0 = parsed.getTuples(0);
        assertEquals(3, t0.getSourceTask());
        assertEquals("default", t0.getStream());
        assertEquals(ByteString.copyFromUtf8("kryo bytes"), t0.getValues());
        assertEquals(0, t0.getRootsCount());
        assertEquals(0, t0.getRootEdgesCount());
        DataTuple t1 = parsed.getTuples(1);
        assertEquals(-1, t1.getSourceTask());
        assertEquals("__tick", t1.getStream());
        assertTrue(t1.getValues().isEmpty());
        assertEquals(0, t1.getRootsCount());
        DataTuple t2 = parsed.getTuples(2);
        assertEquals(300_000, t2.getSourceTask());
        assertEquals("strëam", t2.getStream());
        assertEquals(ByteString.copyFrom(values), t2.getValues());
        assertEquals(List.of(Long.MIN_VALUE, 1L << 48 | 5, 0L), t2.getRootsList());
        assertEquals(List.of(-1L, 42L, Long.MAX_VALUE), t2.getRootEdgesList());
        // (the writer writes every field, even empty values, where protobuf leaves zeros out)
        assertEquals(parsed, TaskBatch.parseFrom(parsed.toByteArray()));

        TaskBatchFrame f = TaskBatchFrame.of(frame);
        assertEquals(7, f.destTask());
        assertEquals(3, f.count());
        assertArrayEquals(body(frame), f.bodyBytes());
        f.release();
        assertEquals(0, frame.refCnt());
    }

    @Test
    void withoutDefaultValuesTheWriterWritesWhatProtobufWrites() throws Exception {
        TaskBatchWriter w = new TaskBatchWriter(7);
        w.add(3, utf8("default"), utf8("abc"), 3, null);
        w.add(4, utf8("s"), utf8("de"), 2, roots(1, 2, -3, -4));
        ByteBuf frame = w.take();
        TaskBatch expected = TaskBatch.newBuilder()
                .setDestTask(7)
                .setCount(2)
                .addTuples(DataTuple.newBuilder()
                        .setSourceTask(3)
                        .setStream("default")
                        .setValues(ByteString.copyFromUtf8("abc")))
                .addTuples(DataTuple.newBuilder()
                        .setSourceTask(4)
                        .setStream("s")
                        .setValues(ByteString.copyFromUtf8("de"))
                        .addRoots(1)
                        .addRootEdges(2)
                        .addRoots(-3)
                        .addRootEdges(-4))
                .build();
        // dest_task and count first, tuples after, roots packed: byte for byte the same
        assertArrayEquals(expected.toByteArray(), body(frame));
        frame.release();
    }

    @Test
    void theWriterStartsEachBatchAfresh() throws Exception {
        TaskBatchWriter w = new TaskBatchWriter(0);
        w.add(1, utf8("s"), utf8("first"), 5, roots(1, 2));
        ByteBuf first = w.take();
        w.add(2, utf8("s"), utf8("second"), 6, null);
        w.add(2, utf8("s"), utf8("third"), 5, null);
        ByteBuf second = w.take();
        TaskBatch a = TaskBatch.parseFrom(body(first));
        TaskBatch b = TaskBatch.parseFrom(body(second));
        assertEquals(0, a.getDestTask());
        assertEquals(1, a.getCount());
        assertEquals("first", a.getTuples(0).getValues().toStringUtf8());
        assertEquals(2, b.getCount());
        assertEquals(
                List.of("second", "third"),
                b.getTuplesList().stream()
                        .map(t -> t.getValues().toStringUtf8())
                        .toList());
        // the first frame still holds its own bytes after the writer moved on
        assertEquals(a, TaskBatch.parseFrom(body(first)));
        TaskBatchFrame fa = TaskBatchFrame.of(first);
        assertEquals(0, fa.destTask());
        assertEquals(1, fa.count());
        fa.release();
        second.release();
    }

    @Test
    void aWrittenFramesArrayHoldsALaterBatchAndOnlyThen() throws Exception {
        TaskBatchWriter w = new TaskBatchWriter(0);
        w.add(1, utf8("s"), utf8("one"), 3, null);
        ByteBuf first = w.take();
        w.add(1, utf8("s"), utf8("two"), 3, null);
        ByteBuf second = w.take(); // the first frame is not reported written: a new array
        assertNotSame(first.array(), second.array());
        assertEquals(
                "one", TaskBatch.parseFrom(body(first)).getTuples(0).getValues().toStringUtf8());
        // the second frame is written: the batch after the one being built (already in a new array)
        // starts in its array
        w.written();
        w.add(1, utf8("s"), utf8("three"), 5, null);
        ByteBuf third = w.take();
        assertNotSame(second.array(), third.array());
        w.add(1, utf8("s"), utf8("four"), 4, roots(7, 8));
        ByteBuf fourth = w.take();
        assertSame(second.array(), fourth.array());
        TaskBatch parsed = TaskBatch.parseFrom(body(fourth));
        assertEquals(1, parsed.getCount());
        assertEquals("four", parsed.getTuples(0).getValues().toStringUtf8());
        assertEquals(List.of(7L), parsed.getTuples(0).getRootsList());
        assertEquals(
                "three",
                TaskBatch.parseFrom(body(third)).getTuples(0).getValues().toStringUtf8());
        first.release();
        third.release();
        fourth.release();
    }

    @Test
    void aBatchGrowsPastTheWritersInitialBuffer() throws Exception {
        TaskBatchWriter w = new TaskBatchWriter(12);
        byte[] values = new byte[100];
        for (int i = 0; i < 10_000; i++) {
            Arrays.fill(values, (byte) i);
            values[0] = (byte) (i >>> 8);
            w.add(i % 5, utf8("s" + i % 3), values, values.length, i % 2 == 0 ? null : roots(i, -i));
        }
        assertEquals(10_000, w.count());
        ByteBuf frame = w.take();
        assertTrue(frame.readableBytes() > 10_000 * 100);
        byte[] body = body(frame);
        TaskBatch parsed = TaskBatch.parseFrom(body);
        assertEquals(12, parsed.getDestTask());
        assertEquals(10_000, parsed.getCount());
        assertEquals(10_000, parsed.getTuplesCount());
        List<Seen> seen = readAll(body);
        assertEquals(10_000, seen.size());
        for (int i = 0; i < 10_000; i++) {
            DataTuple t = parsed.getTuples(i);
            assertEquals(i % 5, t.getSourceTask());
            assertEquals("s" + i % 3, t.getStream());
            assertEquals(100, t.getValues().size());
            assertEquals((byte) (i >>> 8), t.getValues().byteAt(0));
            assertEquals((byte) i, t.getValues().byteAt(99));
            assertEquals(i % 2 == 0 ? List.of() : List.of((long) i), t.getRootsList());
            assertEquals(i % 2 == 0 ? List.of() : List.of((long) -i), t.getRootEdgesList());
            assertSameTuple(t, seen.get(i));
        }
        TaskBatchFrame f = TaskBatchFrame.of(frame);
        assertEquals(12, f.destTask());
        assertEquals(10_000, f.count());
        f.release();
        assertEquals(0, frame.refCnt());

        // the next batch starts with room for as much, and is still right
        w.add(1, utf8("after"), values, 1, null);
        ByteBuf next = w.take();
        TaskBatch again = TaskBatch.parseFrom(body(next));
        assertEquals(1, again.getCount());
        assertEquals("after", again.getTuples(0).getStream());
        next.release();
    }

    @Test
    void oneTupleBiggerThanTheInitialBuffer() throws Exception {
        TaskBatchWriter w = new TaskBatchWriter(1);
        byte[] values = new byte[70_000];
        Arrays.fill(values, (byte) 'x');
        w.add(2, utf8("s"), utf8("small"), 5, null);
        w.add(2, utf8("s"), values, values.length, roots(9, 10));
        TaskBatch parsed = TaskBatch.parseFrom(body(w.take()));
        assertEquals(2, parsed.getCount());
        assertEquals(ByteString.copyFrom(values), parsed.getTuples(1).getValues());
        assertEquals(List.of(9L), parsed.getTuples(1).getRootsList());
    }

    // ---- protobuf -> reader ----

    private static final DataTuple ANCHORED = DataTuple.newBuilder()
            .setSourceTask(4)
            .setStream("default")
            .setValues(ByteString.copyFromUtf8("one"))
            .addRoots(1L << 48 | 77)
            .addRootEdges(-5)
            .addRoots(3)
            .addRootEdges(Long.MAX_VALUE)
            .build();
    private static final DataTuple PLAIN = DataTuple.newBuilder()
            .setSourceTask(5)
            .setStream("other")
            .setValues(ByteString.copyFromUtf8("two"))
            .build();
    private static final DataTuple DEFAULTS = DataTuple.newBuilder().build();

    @Test
    void theReaderReadsWhatProtobufWrites() throws Exception {
        TaskBatch batch = TaskBatch.newBuilder()
                .setDestTask(9)
                .setCount(3)
                .addTuples(ANCHORED)
                .addTuples(PLAIN)
                .addTuples(DEFAULTS)
                .build();
        byte[] body = batch.toByteArray();
        TaskBatchReader r = new TaskBatchReader();
        List<Seen> seen = readAll(r, body, 0, body.length);
        assertEquals(9, r.destTask());
        assertEquals(3, seen.size());
        assertSameTuple(ANCHORED, seen.get(0));
        assertSameTuple(PLAIN, seen.get(1));
        assertSameTuple(DEFAULTS, seen.get(2));
        assertFalse(r.next(), "stays at the end");

        // in place inside a larger array (as the frame's own bytes)
        byte[] padded = new byte[body.length + 11];
        System.arraycopy(body, 0, padded, 7, body.length);
        seen = readAll(r, padded, 7, body.length);
        assertEquals(3, seen.size());
        assertSameTuple(ANCHORED, seen.get(0));
        assertSameTuple(PLAIN, seen.get(1));
    }

    @Test
    void theReaderReadsUnpackedRootsAndSkipsUnknownFields() throws Exception {
        // DataTuple: fields out of order, roots unpacked (one tag per element), the old dest_tasks
        // (field 3) and unknown fields of every wire type
        ByteArrayOutputStream tb = new ByteArrayOutputStream();
        CodedOutputStream t = CodedOutputStream.newInstance(tb);
        t.writeBytes(DataTuple.VALUES_FIELD_NUMBER, ByteString.copyFromUtf8("vals"));
        t.writeFixed64(DataTuple.ROOTS_FIELD_NUMBER, 11);
        t.writeInt32(3, 99);
        t.writeFixed64(DataTuple.ROOT_EDGES_FIELD_NUMBER, -111);
        t.writeString(DataTuple.STREAM_FIELD_NUMBER, "late");
        t.writeFixed64(20, 0x0102030405060708L);
        t.writeFixed64(DataTuple.ROOTS_FIELD_NUMBER, 22);
        t.writeFixed32(21, 7);
        t.writeFixed64(DataTuple.ROOT_EDGES_FIELD_NUMBER, -222);
        t.writeBytes(22, ByteString.copyFromUtf8("unknown"));
        t.writeInt32(DataTuple.SOURCE_TASK_FIELD_NUMBER, 6);
        t.writeUInt64(23, Long.MAX_VALUE);
        t.flush();
        byte[] tuple = tb.toByteArray();
        DataTuple expected = DataTuple.parseFrom(tuple);
        assertEquals(List.of(11L, 22L), expected.getRootsList());
        assertEquals(List.of(-111L, -222L), expected.getRootEdgesList());

        // TaskBatch: tuples before dest_task, count left out, unknown fields around
        ByteArrayOutputStream bb = new ByteArrayOutputStream();
        CodedOutputStream b = CodedOutputStream.newInstance(bb);
        b.writeBytes(30, ByteString.copyFromUtf8("ignored"));
        b.writeByteArray(TaskBatch.TUPLES_FIELD_NUMBER, tuple);
        b.writeFixed64(31, 1);
        b.writeMessage(TaskBatch.TUPLES_FIELD_NUMBER, PLAIN);
        b.writeInt32(TaskBatch.DEST_TASK_FIELD_NUMBER, 14);
        b.writeByteArray(TaskBatch.TUPLES_FIELD_NUMBER, tuple);
        b.flush();
        byte[] body = bb.toByteArray();
        TaskBatch parsed = TaskBatch.parseFrom(body);
        assertEquals(14, parsed.getDestTask());
        assertEquals(3, parsed.getTuplesCount());

        TaskBatchReader r = new TaskBatchReader();
        List<Seen> seen = readAll(r, body, 0, body.length);
        assertEquals(3, seen.size());
        assertSameTuple(expected, seen.get(0));
        assertEquals(6, seen.get(0).source());
        assertEquals("late", seen.get(0).stream());
        assertArrayEquals(utf8("vals"), seen.get(0).values());
        assertEquals(List.of(11L, 22L), seen.get(0).roots());
        assertEquals(List.of(-111L, -222L), seen.get(0).edges());
        assertSameTuple(PLAIN, seen.get(1));
        assertSameTuple(expected, seen.get(2));
        assertEquals(14, r.destTask(), "known once the reader has passed it");

        // and the packed form of the same tuple, as protobuf writes it, reads the same
        byte[] packed = TaskBatch.newBuilder()
                .setDestTask(14)
                .addTuples(expected)
                .build()
                .toByteArray();
        List<Seen> fromPacked = readAll(packed);
        assertEquals(1, fromPacked.size());
        assertSameTuple(expected, fromPacked.get(0));
    }

    @Test
    void theReaderRejectsATupleWithMismatchedRootsAndEdges() throws Exception {
        DataTuple bad = DataTuple.newBuilder()
                .setSourceTask(2)
                .setStream("s")
                .addRoots(1)
                .addRoots(2)
                .addRootEdges(3)
                .build();
        byte[] body = TaskBatch.newBuilder()
                .setDestTask(1)
                .addTuples(PLAIN)
                .addTuples(bad)
                .build()
                .toByteArray();
        TaskBatchReader r = new TaskBatchReader();
        r.reset(body, 0, body.length);
        assertTrue(r.next());
        assertEquals(5, r.sourceTask());
        assertThrows(InvalidProtocolBufferException.class, r::next);

        byte[] edgesOnly = TaskBatch.newBuilder()
                .addTuples(DataTuple.newBuilder().addRootEdges(3))
                .build()
                .toByteArray();
        r.reset(edgesOnly, 0, edgesOnly.length);
        assertThrows(InvalidProtocolBufferException.class, r::next);
    }

    @Test
    void theReaderRejectsATruncatedBatch() {
        byte[] body = TaskBatch.newBuilder()
                .setDestTask(1)
                .addTuples(ANCHORED)
                .build()
                .toByteArray();
        TaskBatchReader r = new TaskBatchReader();
        r.reset(body, 0, body.length - 3);
        assertThrows(InvalidProtocolBufferException.class, r::next);
    }

    @Test
    void aStreamNameComesBackAsTheSameString() throws Exception {
        TaskBatchWriter w = new TaskBatchWriter(3);
        w.add(1, utf8("words"), utf8("a"), 1, null);
        w.add(1, utf8("counts"), utf8("b"), 1, null);
        w.add(1, utf8("words"), utf8("c"), 1, null);
        byte[] body = body(w.take());
        TaskBatchReader r = new TaskBatchReader();
        r.reset(body, 0, body.length);
        assertTrue(r.next());
        String first = r.stream();
        assertEquals("words", first);
        assertSame(first, r.stream(), "asked twice for one tuple");
        assertTrue(r.next());
        assertEquals("counts", r.stream());
        assertNotSame(first, r.stream());
        assertTrue(r.next());
        assertSame(first, r.stream(), "the same name in a later tuple");
        assertFalse(r.next());
        // and across batches read by the same reader
        r.reset(body, 0, body.length);
        assertTrue(r.next());
        assertSame(first, r.stream());
    }

    // ---- TaskBatchFrame ----

    private static ByteBuf frameOf(byte[] body) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(body.length + 1).writeByte(MessageType.TASK_BATCH.code()).writeBytes(body);
        return b;
    }

    @Test
    void aFrameReadsDestinationAndCountFromEitherEncoder() throws IOException {
        // the writer's frame: dest_task and count first
        TaskBatchWriter w = new TaskBatchWriter(21);
        w.add(1, utf8("s"), utf8("v"), 1, null);
        w.add(1, utf8("s"), utf8("v"), 1, null);
        TaskBatchFrame fromWriter = TaskBatchFrame.of(w.take());
        assertEquals(21, fromWriter.destTask());
        assertEquals(2, fromWriter.count());
        fromWriter.release();

        // protobuf's, with count set: the same fast path
        assertFrame(
                TaskBatch.newBuilder()
                        .setDestTask(21)
                        .setCount(2)
                        .addTuples(PLAIN)
                        .addTuples(PLAIN)
                        .build(),
                21,
                2);
        // protobuf's without count: the tuples are counted
        assertFrame(
                TaskBatch.newBuilder()
                        .setDestTask(21)
                        .addTuples(PLAIN)
                        .addTuples(PLAIN)
                        .addTuples(PLAIN)
                        .build(),
                21,
                3);
        // task 0 (protobuf leaves the zero out)
        assertFrame(
                TaskBatch.newBuilder()
                        .setDestTask(0)
                        .setCount(1)
                        .addTuples(PLAIN)
                        .build(),
                0,
                1);
        // nothing at all
        assertFrame(TaskBatch.getDefaultInstance(), 0, 0);
    }

    private static void assertFrame(TaskBatch batch, int dest, int count) throws IOException {
        ByteBuf buf = frameOf(batch.toByteArray());
        TaskBatchFrame f = TaskBatchFrame.of(buf);
        assertEquals(dest, f.destTask());
        assertEquals(count, f.count());
        assertSame(buf, f.frame());
        assertArrayEquals(batch.toByteArray(), f.bodyBytes());
        assertEquals(0, f.frame().readerIndex(), "reading the header does not move the frame");
        f.release();
        assertEquals(0, buf.refCnt());
    }

    @Test
    void aFrameInTheMiddleOfABuffer() throws IOException {
        TaskBatch batch = TaskBatch.newBuilder()
                .setDestTask(5)
                .setCount(1)
                .addTuples(ANCHORED)
                .build();
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(new byte[] {9, 9, 9});
        all.writeBytes(frameOf(batch.toByteArray()));
        all.writeBytes(new byte[] {8, 8});
        ByteBuf slice = all.retainedSlice(3, all.readableBytes() - 5);
        all.release();
        TaskBatchFrame f = TaskBatchFrame.of(slice);
        assertEquals(5, f.destTask());
        assertEquals(1, f.count());
        assertEquals(batch, TaskBatch.parseFrom(f.bodyBytes()));
        f.release();
        assertEquals(0, all.refCnt());
    }
}

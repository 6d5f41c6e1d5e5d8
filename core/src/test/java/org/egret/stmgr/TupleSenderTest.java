package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.egret.net.frame.TaskBatchFrame;
import org.egret.net.frame.TaskBatchWriter;
import org.egret.proto.DataTuple;
import org.egret.proto.TaskBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TupleSenderTest {
    private final List<TupleSender> dirty = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<EmbeddedChannel> channels = new ArrayList<>(List.of(channel));

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel newChannel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        channels.add(ch);
        return ch;
    }

    /** A batch for task 1 with one tuple per source task given (the sources tell tuples apart). */
    private static TaskBatchFrame batch(int... sources) {
        TaskBatchWriter w = new TaskBatchWriter(1);
        for (int s : sources) {
            w.add(s, "default".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) s}, 1, null);
        }
        try {
            return TaskBatchFrame.of(w.take());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The source tasks of every tuple written to {@code ch}, in order; the frames are released. */
    private static List<Integer> sources(EmbeddedChannel ch) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            ByteBuf frame = (ByteBuf) o;
            try {
                byte[] body = new byte[frame.readableBytes() - TaskBatchFrame.BODY_OFFSET];
                frame.getBytes(frame.readerIndex() + TaskBatchFrame.BODY_OFFSET, body);
                TaskBatch b = TaskBatch.parseFrom(body);
                assertEquals(1, b.getDestTask());
                assertEquals(b.getTuplesCount(), b.getCount());
                for (DataTuple t : b.getTuplesList()) {
                    out.add(t.getSourceTask());
                }
            } finally {
                frame.release();
            }
        }
        return out;
    }

    @Test
    void writesAtOnceAndFlushesAtTheEndOfTheBurst() throws Exception {
        TupleSender sender = new TupleSender("task 1", 10, dirty);
        sender.attach(channel);
        assertTrue(sender.offer(batch(1, 2)));
        assertTrue(sender.offer(batch(3)));
        assertEquals(List.of(sender), dirty, "enlisted once for the flush");
        assertEquals(List.of(), sources(channel), "written but not flushed yet");
        sender.flush();
        assertEquals(List.of(1, 2, 3), sources(channel));
        assertEquals(3, sender.sent());
        assertEquals(0, sender.pendingCount());
        sender.flush();
        assertNull(channel.readOutbound());
        // after a flush the next write enlists it again
        dirty.clear();
        sender.offer(batch(4));
        assertEquals(List.of(sender), dirty);
        sender.flush();
        assertEquals(List.of(4), sources(channel));
        assertEquals(4, sender.sent());
    }

    @Test
    void writesTheFrameItWasGiven() throws Exception {
        TupleSender sender = new TupleSender("task 1", 10, dirty);
        sender.attach(channel);
        TaskBatchFrame b = batch(5);
        sender.offer(b);
        sender.flush();
        ByteBuf written = channel.readOutbound();
        assertSame(b.frame(), written, "forwarded as it arrived, not re-encoded");
        written.release();
    }

    @Test
    void holdsBatchesUntilConnectedAndDropsBeyondTheBoundInTuples() throws Exception {
        TupleSender sender = new TupleSender("stmgr-2", 3, dirty);
        assertTrue(sender.offer(batch(1, 2)));
        assertTrue(sender.offer(batch(3)));
        assertEquals(3, sender.pendingCount());
        TaskBatchFrame over = batch(4);
        assertFalse(sender.offer(over));
        assertEquals(0, over.frame().refCnt(), "a dropped batch is released");
        TaskBatchFrame big = batch(5, 6, 7, 8);
        assertFalse(sender.offer(big));
        assertEquals(0, big.frame().refCnt());
        assertEquals(5, sender.takeDropped(), "drops are counted in tuples");
        assertEquals(0, sender.takeDropped());
        assertEquals(3, sender.pendingCount());
        assertTrue(dirty.isEmpty(), "nothing to flush while not connected");

        sender.attach(channel);
        assertEquals(List.of(1, 2, 3), sources(channel), "what waited is sent, in order, and flushed");
        assertEquals(0, sender.pendingCount());
        assertEquals(3, sender.sent());
    }

    @Test
    void anEmptyQueueTakesABatchBiggerThanTheBound() throws Exception {
        TupleSender sender = new TupleSender("task 1", 2, dirty);
        assertTrue(sender.offer(batch(1, 2, 3)));
        assertEquals(3, sender.pendingCount());
        TaskBatchFrame next = batch(4);
        assertFalse(sender.offer(next));
        assertEquals(0, next.frame().refCnt());
        assertEquals(1, sender.takeDropped());
        sender.attach(channel);
        assertEquals(List.of(1, 2, 3), sources(channel));
    }

    @Test
    void batchesAfterADisconnectWaitForTheNextConnection() throws Exception {
        TupleSender sender = new TupleSender("task 1", 10, dirty);
        sender.attach(channel);
        sender.offer(batch(1));
        sender.offer(batch(2));
        sender.flush();
        assertEquals(List.of(1, 2), sources(channel));
        sender.detach(channel);
        assertNull(sender.channel());
        assertTrue(sender.offer(batch(3)));
        assertTrue(sender.offer(batch(4, 5)));
        assertEquals(3, sender.pendingCount());
        assertEquals(List.of(), sources(channel), "nothing more goes to the old connection");
        EmbeddedChannel next = newChannel();
        sender.attach(next);
        assertEquals(List.of(3, 4, 5), sources(next));
        assertEquals(0, sender.pendingCount());
        assertEquals(5, sender.sent());
    }

    @Test
    void detachOfAnOldChannelIsIgnored() throws Exception {
        TupleSender sender = new TupleSender("task 1", 10, dirty);
        EmbeddedChannel old = newChannel();
        sender.attach(old);
        sender.attach(channel);
        sender.detach(old);
        assertEquals(channel, sender.channel());
        sender.detach(null);
        assertEquals(channel, sender.channel());
        sender.offer(batch(1));
        sender.flush();
        assertEquals(List.of(1), sources(channel));
        assertEquals(List.of(), sources(old));
    }

    @Test
    void discardReleasesWhatWaited() {
        TupleSender sender = new TupleSender("task 1", 10, dirty);
        TaskBatchFrame a = batch(1, 2);
        TaskBatchFrame b = batch(3);
        sender.offer(a);
        sender.offer(b);
        sender.discard();
        assertEquals(0, a.frame().refCnt());
        assertEquals(0, b.frame().refCnt());
        assertEquals(0, sender.pendingCount());
        assertEquals(3, sender.takeDropped());
        sender.discard();
        assertEquals(0, sender.takeDropped(), "nothing left to discard");
    }
}

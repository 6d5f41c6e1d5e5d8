package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.egret.acking.AckBatchBuilder;
import org.egret.net.Wire;
import org.egret.net.auth.AuthSettings;
import org.egret.net.auth.BlockingHandshake;
import org.egret.net.frame.FrameEncoder;
import org.egret.net.frame.MessageType;
import org.egret.net.frame.TaskBatchFrame;
import org.egret.net.frame.TaskBatchWriter;
import org.egret.proto.AckBatch;
import org.egret.proto.AckKind;
import org.egret.proto.RegisterInstanceRequest;
import org.egret.proto.RegisterInstanceResponse;
import org.egret.proto.Status;
import org.egret.security.TopologySecret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The task thread's own connection against a stream manager played by a plain blocking socket. */
class TaskConnectionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Wire WIRE =
            new Wire(new AuthSettings(TopologySecret.generate(), "t-1", "instance-1", 5000), 64 << 20);

    private final ServerSocketChannel server;
    private final ExecutorService sm = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-stmgr"));
    private final List<SocketChannel> accepted = Collections.synchronizedList(new ArrayList<>());

    TaskConnectionTest() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void close() throws Exception {
        sm.shutdownNow();
        assertTrue(sm.awaitTermination(10, TimeUnit.SECONDS));
        for (SocketChannel c : accepted) {
            c.close();
        }
        server.close();
    }

    private TaskConnection.Endpoint endpoint() {
        return endpoint(server.socket().getLocalPort(), false);
    }

    private static TaskConnection.Endpoint endpoint(int port, boolean closing) {
        return new TaskConnection.Endpoint() {
            @Override
            public int taskId() {
                return 1;
            }

            @Override
            public String component() {
                return "c";
            }

            @Override
            public InetSocketAddress admitted() {
                return port > 0 ? InetSocketAddress.createUnresolved("127.0.0.1", port) : null;
            }

            @Override
            public java.net.InetAddress source() {
                return null;
            }

            @Override
            public boolean closing() {
                return closing;
            }

            @Override
            public Wire wire() {
                return WIRE;
            }
        };
    }

    /** Accepts the next connection, reads its registration and answers it. */
    private SocketChannel acceptRegistration(boolean ok) throws IOException {
        SocketChannel c = server.accept();
        accepted.add(c);
        assertEquals(
                "instance-1",
                BlockingHandshake.accept(c.socket().getInputStream(), c.socket().getOutputStream(), WIRE.auth()));
        byte[] frame = readFrame(c);
        assertEquals(MessageType.REGISTER_INSTANCE_REQUEST.code(), frame[0]);
        RegisterInstanceRequest r = RegisterInstanceRequest.parseFrom(ByteBuffer.wrap(frame, 1, frame.length - 1));
        assertTrue(r.getTaskConnection());
        assertEquals(1, r.getTaskId());
        write(
                c,
                RegisterInstanceResponse.newBuilder()
                        .setStatus(Status.newBuilder().setOk(ok).setMessage(ok ? "" : "not admitted yet"))
                        .build());
        return c;
    }

    private static byte[] readFrame(SocketChannel c) throws IOException {
        ByteBuffer len = ByteBuffer.allocate(4);
        readFully(c, len);
        ByteBuffer body = ByteBuffer.allocate(len.getInt(0));
        readFully(c, body);
        return body.array();
    }

    private static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new IOException("closed");
            }
        }
    }

    private static void write(SocketChannel c, Message m) throws IOException {
        ByteBuf out = Unpooled.buffer();
        FrameEncoder.encode(m, out);
        write(c, out);
    }

    private static void write(SocketChannel c, ByteBuf frame) throws IOException {
        ByteBuffer b = frame.nioBuffer();
        while (b.hasRemaining()) {
            c.write(b);
        }
        frame.release();
    }

    private static ByteBuf taskBatch(int dest, int tuples, int valueBytes) {
        TaskBatchWriter w = new TaskBatchWriter(dest);
        byte[] value = new byte[valueBytes];
        for (int i = 0; i < tuples; i++) {
            Arrays.fill(value, (byte) i);
            w.add(7, "default".getBytes(StandardCharsets.UTF_8), value, value.length, null);
        }
        return w.take();
    }

    /** Collects what a receive hands over; batches are copied, since they are only valid during the call. */
    private static final class Collected implements TaskConnection.Receiver {
        final List<byte[]> batches = new ArrayList<>();
        final List<AckBatch> acks = new ArrayList<>();

        @Override
        public void batch(byte[] buf, int offset, int length) {
            batches.add(Arrays.copyOfRange(buf, offset, offset + length));
        }

        @Override
        public void acks(AckBatch batch) {
            acks.add(batch);
        }
    }

    @Test
    void aSpoutWaitingToWriteStillReadsTheAcksSentToIt() throws Exception {
        // Both ways far more than loopback socket buffers hold: the fake stream manager writes all its
        // acks before it reads anything, so the spout's write completes only if the spout reads while
        // it waits (without that, both sides wait on each other for ever).
        int ackBatches = 400;
        int eventsPerBatch = 2000;
        ByteBuf emits = taskBatch(3, 4000, 4000);
        int emitBytes = emits.readableBytes();
        CompletableFuture<Long> readBySm = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        SocketChannel c = acceptRegistration(true);
                        AckBatchBuilder b = new AckBatchBuilder();
                        for (int i = 0; i < ackBatches; i++) {
                            for (int e = 0; e < eventsPerBatch; e++) {
                                b.add(AckKind.ACK, i, e);
                            }
                            write(c, b.takeFrame());
                        }
                        ByteBuffer sink = ByteBuffer.allocate(1 << 16);
                        long total = 0;
                        while (total < emitBytes) {
                            sink.clear();
                            int n = c.read(sink);
                            if (n < 0) {
                                break;
                            }
                            total += n;
                        }
                        return total;
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                },
                sm);

        TaskConnection conn = new TaskConnection(endpoint(), 64 << 10, true);
        Collected got = new Collected();
        assertTimeoutPreemptively(DEADLINE, () -> {
            conn.accept(emits);
            conn.flush();
            assertEquals(emitBytes, readBySm.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            while (got.acks.size() < ackBatches) {
                conn.receive(TimeUnit.MILLISECONDS.toNanos(100), got);
            }
        });
        conn.close();
        assertEquals(0, emits.refCnt(), "a written frame is released");
        assertEquals(0, conn.lost());
        long events = got.acks.stream().mapToLong(AckBatch::getRootsCount).sum();
        assertEquals((long) ackBatches * eventsPerBatch, events);
        assertEquals(ackBatches - 1, got.acks.get(ackBatches - 1).getRoots(0), "in order");
    }

    @Test
    void aBoltGetsEachBatchWholeAndInOrderAGrownBufferIncluded() throws Exception {
        ByteBuf small = taskBatch(2, 3, 10);
        ByteBuf large = taskBatch(2, 100, 2000); // 200 KB against a 4 KB read buffer
        ByteBuf last = taskBatch(2, 1, 1);
        List<byte[]> sent = List.of(
                TaskBatchFrame.bodyBytes(small), TaskBatchFrame.bodyBytes(large), TaskBatchFrame.bodyBytes(last));
        sm.submit(() -> {
            SocketChannel c = acceptRegistration(true);
            write(c, small);
            write(c, large);
            write(c, last);
            return null;
        });
        TaskConnection conn = new TaskConnection(endpoint(), 4 << 10, false);
        Collected got = new Collected();
        assertTimeoutPreemptively(DEADLINE, () -> {
            while (got.batches.size() < 3) {
                conn.receive(TimeUnit.MILLISECONDS.toNanos(100), got);
            }
        });
        conn.close();
        assertEquals(3, got.batches.size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(sent.get(i), got.batches.get(i), "batch " + i);
        }
    }

    @Test
    void aRefusedOrBrokenConnectionIsOpenedAgainAndStartsAfresh() throws Exception {
        CompletableFuture<byte[]> second = new CompletableFuture<>();
        sm.submit(() -> {
            acceptRegistration(false).close(); // not admitted yet: the task tries again
            SocketChannel first = acceptRegistration(true);
            // half a frame, then the stream manager dies
            ByteBuf partial = taskBatch(2, 5, 100);
            partial.writerIndex(partial.readerIndex() + 50);
            write(first, partial);
            first.close();
            SocketChannel again = acceptRegistration(true);
            ByteBuf whole = taskBatch(2, 2, 8);
            second.complete(TaskBatchFrame.bodyBytes(whole));
            write(again, whole);
            return null;
        });
        TaskConnection conn = new TaskConnection(endpoint(), 4 << 10, false);
        Collected got = new Collected();
        assertTimeoutPreemptively(DEADLINE, () -> {
            while (got.batches.isEmpty()) {
                conn.receive(TimeUnit.MILLISECONDS.toNanos(100), got);
            }
        });
        conn.close();
        assertEquals(1, got.batches.size(), "the half frame of the dead connection was dropped");
        assertArrayEquals(second.get(10, TimeUnit.SECONDS), got.batches.get(0));
        assertEquals(3, accepted.size());
    }

    @Test
    void aStoppingInstanceWithoutAStreamManagerWaitsForNone() throws Exception {
        // the gateway lost its stream manager (port -1) and the instance is stopping: the last flush
        // and receive of the task thread return at once, what was to be sent is counted lost
        TaskConnection conn = new TaskConnection(endpoint(-1, true), 4 << 10, true);
        ByteBuf frame = taskBatch(2, 1, 8);
        Collected got = new Collected();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            conn.accept(frame);
            conn.flush();
            conn.receive(TimeUnit.SECONDS.toNanos(30), got);
        });
        assertEquals(0, frame.refCnt(), "released");
        assertEquals(1, conn.lost());
        assertTrue(got.batches.isEmpty() && got.acks.isEmpty());
        conn.close();
    }
}

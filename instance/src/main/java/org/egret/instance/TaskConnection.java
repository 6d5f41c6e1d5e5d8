package org.egret.instance;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.egret.net.Transport;
import org.egret.net.Wire;
import org.egret.net.auth.BlockingHandshake;
import org.egret.net.frame.Frames;
import org.egret.net.frame.MessageType;
import org.egret.proto.AckBatch;
import org.egret.proto.RegisterInstanceRequest;
import org.egret.proto.RegisterInstanceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task thread's own connection to its stream manager: it carries the task's tuple batches and
 * acking events both ways, read and written by the task thread itself. A hand-off to a network thread
 * costs a wake-up per batch in each direction, and with acking those wake-ups are part of every round
 * trip (pending / round trip is a spout's throughput). The main connection ({@link Gateway}) keeps
 * registration and plans.
 *
 * <p>Back pressure: the task reads only when it asks for input, so a slow task leaves bytes in the
 * socket and its stream manager's connection to it stops being writable; a paused spout's writes
 * wait until its stream manager reads again. While a spout waits to write it still reads acking
 * decisions (kept for its next {@link #receive}), so that acks held up behind its own emits cannot
 * hold the back pressure that holds those emits.
 */
final class TaskConnection implements TupleOutbox.Sink, AckOutbox.Sink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskConnection.class);
    private static final int HANDSHAKE_TIMEOUT_MS = 10_000;
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** The stream manager this connection follows: where it is while it has admitted the instance. */
    interface Endpoint {
        int taskId();

        String component();

        /** The stream manager's advertised address while it has admitted this instance, else null. */
        InetSocketAddress admitted();

        /** The address connections leave from: this container's (null: the kernel chooses). */
        InetAddress source();

        /** How the connection authenticates, and the largest frame it may carry. */
        Wire wire();

        /** The instance is stopping: stop waiting for a stream manager. */
        boolean closing();
    }

    /** Where received frames go (task thread). */
    interface Receiver {
        /** A TaskBatch body in {@code buf[offset, offset + length)}, valid only during the call. */
        void batch(byte[] buf, int offset, int length);

        void acks(AckBatch batch);
    }

    private final Endpoint endpoint;
    private final boolean readWhileWriting;
    private final int receiveBytes;
    private final int maxFrameBytes;
    private final List<ByteBuf> frames = new ArrayList<>();
    private ByteBuffer[] views = new ByteBuffer[8];
    /** Received bytes: frames start at 0, data is in [0, position). */
    private ByteBuffer in;

    private final List<AckBatch> acksReadWhileWriting = new ArrayList<>();
    private final List<AckBatch> parsed = new ArrayList<>();
    private SocketChannel channel;
    /** Volatile: {@link #wakeup} comes from other threads. */
    private volatile Selector selector;

    private SelectionKey key;
    private long lost;

    /**
     * @param receiveBytes how much the task reads at a time (a larger frame grows it), and the bound of
     *     the socket's receive buffer
     * @param readWhileWriting a spout's: read acking decisions while a write waits
     */
    TaskConnection(Endpoint endpoint, int receiveBytes, boolean readWhileWriting) {
        this.endpoint = endpoint;
        this.receiveBytes = receiveBytes;
        this.maxFrameBytes = endpoint.wire().maxFrameBytes();
        this.in = ByteBuffer.allocate(receiveBytes);
        this.readWhileWriting = readWhileWriting;
    }

    /** Queues a TASK_BATCH or ACK_BATCH frame (taking over its reference) until the next flush. */
    @Override
    public void accept(ByteBuf frame) {
        frames.add(frame);
    }

    @Override
    public void flushed() throws InterruptedException {
        flush();
    }

    /** {@link #flush} writes, or drops, and releases every frame before it returns. */
    @Override
    public boolean doneWithFramesWhenFlushed() {
        return true;
    }

    /**
     * Writes what is queued, in order, waiting while the stream manager does not read (back pressure).
     * If the connection breaks, what was being written is lost with it, as with anything in flight
     * through a stream manager that dies (acking replays it), and the next call connects again. An
     * instance that is stopping writes what it can and waits for no stream manager. Every queued frame
     * is written or dropped, and released, before it returns: the task's outbox builds later batches
     * in their arrays.
     */
    void flush() throws InterruptedException {
        int n = frames.size();
        if (n == 0) {
            return;
        }
        if (views.length < n) {
            views = new ByteBuffer[Math.max(n, views.length * 2)];
        }
        long left = 0;
        for (int i = 0; i < n; i++) {
            views[i] = frames.get(i).nioBuffer();
            left += views[i].remaining();
        }
        try {
            if (!connected()) {
                lost += n;
                return;
            }
            while (true) {
                left -= channel.write(views, 0, n);
                if (left == 0) {
                    break;
                }
                awaitWritable();
            }
        } catch (IOException e) {
            lost += n;
            broken(e);
        } finally {
            for (int i = 0; i < n; i++) {
                views[i] = null;
                frames.get(i).release();
            }
            frames.clear();
        }
    }

    private void awaitWritable() throws IOException, InterruptedException {
        key.interestOps(readWhileWriting ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_WRITE);
        try {
            while (true) {
                int ready = selector.select(100);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (endpoint.closing()) {
                    throw new IOException("the instance is stopping while its stream manager holds it back");
                }
                if (ready == 0) {
                    continue; // the key's ready set is only fresh when select put it in the selected set
                }
                selector.selectedKeys().clear();
                if (key.isReadable()) {
                    readFrames(acksReadWhileWriting, null); // a spout's: it has no input batches
                }
                if (key.isWritable()) {
                    return;
                }
            }
        } finally {
            selector.selectedKeys().clear();
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    /**
     * Hands what arrived to {@code receiver}, first waiting up to {@code waitNanos} (rounded up to a
     * millisecond; 0: not at all) for something to arrive.
     */
    void receive(long waitNanos, Receiver receiver) throws InterruptedException {
        parsed.addAll(acksReadWhileWriting);
        acksReadWhileWriting.clear();
        try {
            if (connected()) {
                if (parsed.isEmpty() && waitNanos > 0) {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
                    selector.selectedKeys().clear();
                }
                readFrames(parsed, receiver);
            }
        } catch (IOException e) {
            broken(e);
        }
        // Acking decisions are handed over after the buffer is settled: a spout's ack() may emit, and
        // that write may read again.
        for (int i = 0; i < parsed.size(); i++) {
            receiver.acks(parsed.get(i));
        }
        parsed.clear();
    }

    /**
     * Reads what the socket has and takes every whole frame out of the buffer (none is left behind):
     * tuple batches to {@code inPlace} (null: dropped), acking decisions parsed into {@code acks}.
     */
    private void readFrames(List<AckBatch> acks, Receiver inPlace) throws IOException {
        int read = channel.read(in);
        if (read < 0) {
            throw new IOException("the stream manager closed the connection");
        }
        SocketChannel reading = channel;
        byte[] buf = in.array();
        int end = in.position();
        int at = 0;
        while (end - at >= Frames.LENGTH_BYTES) {
            int length = in.getInt(at);
            if (!Frames.fits(length, maxFrameBytes)) {
                throw new IOException("a frame of " + length + " bytes from the stream manager");
            }
            if (end - at - Frames.LENGTH_BYTES < length) {
                if (Frames.LENGTH_BYTES + length > buf.length) {
                    grow(Frames.LENGTH_BYTES + length, at, end);
                    return;
                }
                break;
            }
            byte type = buf[at + Frames.LENGTH_BYTES];
            if (type == MessageType.TASK_BATCH.code()) {
                if (inPlace != null) {
                    inPlace.batch(buf, at + Frames.HEADER_BYTES, length - 1);
                }
            } else if (type == MessageType.ACK_BATCH.code()) {
                try {
                    acks.add(AckBatch.parseFrom(ByteBuffer.wrap(buf, at + Frames.HEADER_BYTES, length - 1)));
                } catch (InvalidProtocolBufferException e) {
                    throw new IOException("malformed acking batch", e);
                }
            } else {
                LOG.warn("task {}: unexpected message type {} on the task connection", endpoint.taskId(), type);
            }
            at += Frames.LENGTH_BYTES + length;
        }
        if (channel != reading) {
            return; // a write from a batch's execute broke the connection: the buffer starts afresh
        }
        // keep the partial frame at the start of the buffer
        System.arraycopy(buf, at, buf, 0, end - at);
        in.position(end - at);
    }

    private void grow(int bytes, int at, int end) {
        ByteBuffer bigger = ByteBuffer.allocate(bytes);
        bigger.put(in.array(), at, end - at);
        in = bigger;
    }

    /** Batches that were being written when the connection broke. */
    long lost() {
        return lost;
    }

    private void broken(IOException e) {
        LOG.warn(
                "task {}: lost the task connection to the stream manager ({}); {} outgoing batches lost so far",
                endpoint.taskId(),
                e.toString(),
                lost);
        closeChannel();
    }

    /**
     * Connects when there is no connection, waiting while the gateway is not admitted; false when
     * there is none and the instance is stopping.
     */
    private boolean connected() throws InterruptedException {
        while (channel == null) {
            if (endpoint.closing()) {
                return false;
            }
            InetSocketAddress sm = endpoint.admitted();
            if (sm != null) {
                try {
                    open(sm);
                    LOG.info(
                            "task {}: task connection to the stream manager at {}:{} open",
                            endpoint.taskId(),
                            sm.getHostString(),
                            sm.getPort());
                    break;
                } catch (IOException e) {
                    LOG.debug("task {}: task connection to {} failed: {}", endpoint.taskId(), sm, e.toString());
                }
            }
            // The gateway is reconnecting (it gives up, and the process exits, after its deadline).
            LockSupport.parkNanos(RETRY_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    /** Connects and registers as this task's connection; the stream manager refuses until it admitted the task. */
    private void open(InetSocketAddress sm) throws IOException {
        SocketChannel ch = SocketChannel.open();
        Selector sel = null;
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // Set before connecting, so the kernel does not grow it: what a busy task has not read must
            // push back on its stream manager soon, not after megabytes
            ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBytes);
            if (endpoint.source() != null) {
                ch.bind(new InetSocketAddress(endpoint.source(), 0));
            }
            ch.socket().connect(new InetSocketAddress(sm.getHostString(), sm.getPort()), HANDSHAKE_TIMEOUT_MS);
            ch.socket().setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            Transport.keepAliveProbes(ch);
            BlockingHandshake.authenticate(
                    ch.socket().getInputStream(),
                    ch.socket().getOutputStream(),
                    endpoint.wire().auth());
            ByteBuffer hello = frame(RegisterInstanceRequest.newBuilder()
                            .setTaskId(endpoint.taskId())
                            .setComponent(endpoint.component())
                            .setPid((int) ProcessHandle.current().pid())
                            .setTaskConnection(true)
                            .build())
                    .nioBuffer();
            while (hello.hasRemaining()) {
                ch.write(hello);
            }
            RegisterInstanceResponse r = readResponse(ch.socket().getInputStream(), maxFrameBytes);
            if (!r.getStatus().getOk()) {
                throw new IOException("refused: " + r.getStatus().getMessage());
            }
            ch.configureBlocking(false);
            sel = Selector.open();
            key = ch.register(sel, SelectionKey.OP_READ);
            selector = sel;
            channel = ch;
            in.clear();
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (sel != null) {
                sel.close();
            }
            throw e;
        }
    }

    /** Ends the task thread's current wait for input early; any thread. */
    void wakeup() {
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    /** The answer to our registration, read before anything else can arrive (the manager attaches us after it). */
    private static RegisterInstanceResponse readResponse(InputStream in, int maxFrameBytes) throws IOException {
        return (RegisterInstanceResponse) Frames.read(
                in,
                maxFrameBytes,
                type -> type == MessageType.REGISTER_INSTANCE_RESPONSE.code(),
                "in answer to the registration");
    }

    private static ByteBuf frame(Message m) {
        return Unpooled.wrappedBuffer(Frames.encode(m));
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                selector.close();
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing the task connection", e);
            }
            channel = null;
            selector = null;
            key = null;
        }
    }

    @Override
    public void close() {
        for (ByteBuf f : frames) {
            f.release();
        }
        frames.clear();
        closeChannel();
    }
}

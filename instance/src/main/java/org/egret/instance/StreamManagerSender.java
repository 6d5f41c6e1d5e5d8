package org.egret.instance;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.egret.net.FrameEncoder;
import org.egret.net.MessageType;
import org.egret.proto.RegisterInstanceRequest;
import org.egret.proto.RegisterInstanceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's own connection to its stream manager, on which the task thread writes its tuple batches
 * and acking events with blocking writes. A hand-off to a network thread would cost a wake-up on every
 * batch, and with acking that wake-up is part of every round trip (pending / round trip is a spout's
 * throughput). Back pressure is the blocking write itself: the stream manager stops reading this
 * connection. Only the task thread uses it; frames are collected and written together on {@link #flush()}.
 */
final class StreamManagerSender implements Outbox.Sink, AckOutbox.Sink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamManagerSender.class);
  private static final int HANDSHAKE_TIMEOUT_MS = 10_000;
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Gateway gateway;
  private final List<ByteBuf> frames = new ArrayList<>();
  private ByteBuffer[] views = new ByteBuffer[8];
  private SocketChannel channel;
  private long lost;

  StreamManagerSender(Gateway gateway) {
    this.gateway = gateway;
  }

  /** Queues a TASK_BATCH frame (taking over its reference) until the next flush. */
  @Override
  public void accept(ByteBuf frame) {
    frames.add(frame);
  }

  /** Queues a message (an AckBatch) until the next flush. */
  @Override
  public void accept(Message message) {
    frames.add(frame(message));
  }

  @Override
  public void flushed() throws InterruptedException {
    flush();
  }

  /**
   * Writes what is queued, in order, blocking while the stream manager does not read (back pressure).
   * If the connection breaks, what was being written is lost with it, as with anything in flight
   * through a stream manager that dies (acking replays it), and the next flush connects again.
   */
  void flush() throws InterruptedException {
    int n = frames.size();
    if (n == 0) {
      return;
    }
    if (views.length < n) {
      views = new ByteBuffer[Math.max(n, views.length * 2)];
    }
    for (int i = 0; i < n; i++) {
      views[i] = frames.get(i).nioBuffer();
    }
    try {
      SocketChannel ch = connected();
      long left = 0;
      for (int i = 0; i < n; i++) {
        left += views[i].remaining();
      }
      while (left > 0) {
        left -= ch.write(views, 0, n);
      }
    } catch (IOException e) {
      lost += n;
      LOG.warn("task {}: lost the sending connection to the stream manager ({}); {} batches lost so far",
          gateway.taskId(), e.toString(), lost);
      closeChannel();
    } finally {
      for (int i = 0; i < n; i++) {
        views[i] = null;
        frames.get(i).release();
      }
      frames.clear();
    }
  }

  /** Batches that were written to a connection that broke. */
  long lost() {
    return lost;
  }

  private SocketChannel connected() throws InterruptedException {
    while (channel == null) {
      if (gateway.closing()) {
        throw new InterruptedException("the instance is stopping");
      }
      int port = gateway.admittedPort();
      if (port > 0) {
        try {
          channel = open(port);
          LOG.info("task {}: sending connection to the stream manager at port {} open", gateway.taskId(), port);
          break;
        } catch (IOException e) {
          LOG.debug("task {}: sending connection to port {} failed: {}", gateway.taskId(), port, e.toString());
        }
      }
      // The gateway is reconnecting (it gives up, and the process exits, after its deadline).
      LockSupport.parkNanos(RETRY_NANOS);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    return channel;
  }

  /** Connects and registers as this task's sender; the stream manager refuses until it admitted the task. */
  private SocketChannel open(int port) throws IOException {
    SocketChannel ch = SocketChannel.open();
    try {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.socket().connect(new InetSocketAddress(Gateway.HOST, port), HANDSHAKE_TIMEOUT_MS);
      ch.socket().setSoTimeout(HANDSHAKE_TIMEOUT_MS);
      ByteBuffer hello = frame(RegisterInstanceRequest.newBuilder().setTaskId(gateway.taskId())
          .setComponent(gateway.component()).setPid((int) ProcessHandle.current().pid()).setSender(true).build())
          .nioBuffer();
      while (hello.hasRemaining()) {
        ch.write(hello);
      }
      RegisterInstanceResponse r = readResponse(ch.socket().getInputStream());
      if (!r.getStatus().getOk()) {
        throw new IOException("refused: " + r.getStatus().getMessage());
      }
      return ch;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static RegisterInstanceResponse readResponse(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int length = data.readInt();
    if (length < 1 || length > 1 << 20) {
      throw new IOException("bad frame length " + length);
    }
    byte[] frame = new byte[length];
    data.readFully(frame);
    if (frame[0] != MessageType.REGISTER_INSTANCE_RESPONSE.code()) {
      throw new IOException("unexpected message type " + frame[0]);
    }
    try {
      return RegisterInstanceResponse.parseFrom(ByteBuffer.wrap(frame, 1, length - 1));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(e);
    }
  }

  private static ByteBuf frame(Message m) {
    ByteBuf out = Unpooled.buffer(5 + m.getSerializedSize());
    try {
      FrameEncoder.encode(m, out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + m.getClass().getSimpleName(), e);
    }
    return out;
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.debug("closing the sending connection", e);
      }
      channel = null;
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

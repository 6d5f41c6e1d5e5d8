package org.egret.net;

import com.google.protobuf.CodedInputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the stream into frames and parses each into its protobuf message, except tuple batches:
 * those come out as a {@link TaskBatchFrame}, the frame's own bytes, for the stream manager to
 * forward and the instance to read in place.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
  public static final int DEFAULT_MAX_FRAME = 64 * 1024 * 1024;

  public FrameDecoder() {
    this(DEFAULT_MAX_FRAME);
  }

  public FrameDecoder(int maxFrameBytes) {
    super(maxFrameBytes, 0, 4, 0, 4);
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    int start = in.readerIndex();
    ByteBuf frame = (ByteBuf) super.decode(ctx, in);
    if (frame == null) {
      return null;
    }
    try {
      if (frame.getByte(frame.readerIndex()) == MessageType.TASK_BATCH.code()) {
        // the whole frame, length prefix included, so that it can be written on unchanged
        ByteBuf whole = in.retainedSlice(start, in.readerIndex() - start);
        try {
          return TaskBatchFrame.of(whole);
        } catch (Exception e) {
          whole.release();
          throw e;
        }
      }
      return decodeFrame(frame);
    } finally {
      frame.release();
    }
  }

  /** Parses one frame (type byte then body) that has had its length prefix removed. */
  private static Object decodeFrame(ByteBuf frame) throws Exception {
    MessageType type = MessageType.of(frame.readByte());
    CodedInputStream cis = frame.nioBufferCount() == 1
        ? CodedInputStream.newInstance(frame.nioBuffer())
        : CodedInputStream.newInstance(new ByteBufInputStream(frame));
    cis.setSizeLimit(Integer.MAX_VALUE);
    return type.parser().parseFrom(cis);
  }
}

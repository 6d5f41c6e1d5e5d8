package org.egret.net;

import com.google.protobuf.CodedInputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.egret.proto.RawTupleBatch;

/**
 * Splits the stream into frames and parses each into its protobuf message. With {@code rawTuples}
 * (the stream manager's server), tuple batches come out as {@link RawTupleBatch}: tuples unparsed.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {
  public static final int DEFAULT_MAX_FRAME = 64 * 1024 * 1024;

  private final boolean rawTuples;

  public FrameDecoder() {
    this(DEFAULT_MAX_FRAME, false);
  }

  public FrameDecoder(int maxFrameBytes) {
    this(maxFrameBytes, false);
  }

  public FrameDecoder(int maxFrameBytes, boolean rawTuples) {
    super(maxFrameBytes, 0, 4, 0, 4);
    this.rawTuples = rawTuples;
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    ByteBuf frame = (ByteBuf) super.decode(ctx, in);
    if (frame == null) {
      return null;
    }
    try {
      return decodeFrame(frame, rawTuples);
    } finally {
      frame.release();
    }
  }

  /** Parses one frame (type byte then body) that has had its length prefix removed. */
  public static Object decodeFrame(ByteBuf frame) throws Exception {
    return decodeFrame(frame, false);
  }

  static Object decodeFrame(ByteBuf frame, boolean rawTuples) throws Exception {
    MessageType type = MessageType.of(frame.readByte());
    CodedInputStream cis = frame.nioBufferCount() == 1
        ? CodedInputStream.newInstance(frame.nioBuffer())
        : CodedInputStream.newInstance(new ByteBufInputStream(frame));
    cis.setSizeLimit(Integer.MAX_VALUE);
    if (rawTuples && type == MessageType.TUPLE_BATCH) {
      return RawTupleBatch.parser().parseFrom(cis);
    }
    return type.parser().parseFrom(cis);
  }
}

package org.egret.net.frame;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;

/** Writes a protobuf message as {@code int32 length | byte type | body}; length counts type and body. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Message> {
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
        super(Message.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message msg, ByteBuf out) throws IOException {
        encode(msg, out);
    }

    public static void encode(Message msg, ByteBuf out) throws IOException {
        int size = msg.getSerializedSize();
        out.ensureWritable(5 + size);
        out.writeInt(size + 1);
        out.writeByte(MessageType.of(msg).code());
        try (ByteBufOutputStream os = new ByteBufOutputStream(out)) {
            CodedOutputStream cos = CodedOutputStream.newInstance(os, Math.max(1, Math.min(size, 64 * 1024)));
            msg.writeTo(cos);
            cos.flush();
        }
    }
}

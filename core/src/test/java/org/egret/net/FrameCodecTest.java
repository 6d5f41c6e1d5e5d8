package org.egret.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import org.egret.proto.DataTuple;
import org.egret.proto.HelloStMgr;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricsBatch;
import org.egret.proto.RegisterStMgrRequest;
import org.egret.proto.StMgrLocation;
import org.egret.proto.TupleBatch;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  private static final List<Message> SAMPLES = List.of(
      HelloStMgr.newBuilder().setStmgrId("stmgr-1").build(),
      RegisterStMgrRequest.newBuilder().setStmgr(StMgrLocation.newBuilder().setId("stmgr-2").setContainer(2)
          .setHost("127.0.0.1").setDataPort(4711).setPid(99)).addTaskIds(3).addTaskIds(4).build(),
      TupleBatch.newBuilder().addTuples(DataTuple.newBuilder().setSourceTask(1).setStream("default")
          .addDestTasks(5).setValues(ByteString.copyFromUtf8("kryo bytes"))).build(),
      MetricsBatch.newBuilder().setSource("stmgr-1").addMetrics(MetricDatum.newBuilder().setName("n")
          .setValue("1")).build(),
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

  @Test
  void roundTripsEachMessageType() {
    EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder());
    for (Message m : SAMPLES) {
      in.writeInbound(encodeAll(List.of(m)));
      assertEquals(m, in.readInbound());
    }
    assertFalse(in.finish());
  }

  @Test
  void reassemblesAFrameSplitAcrossReads() {
    ByteBuf bytes = encodeAll(List.of(SAMPLES.get(1)));
    EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder());
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
  void decodesTwoFramesInOneRead() {
    EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder());
    in.writeInbound(encodeAll(List.of(SAMPLES.get(0), SAMPLES.get(2))));
    assertEquals(SAMPLES.get(0), in.readInbound());
    assertEquals(SAMPLES.get(2), in.readInbound());
    assertFalse(in.finish());
  }

  @Test
  void rejectsAnUnknownTypeByte() {
    ByteBuf frame = Unpooled.buffer().writeInt(1).writeByte(63);
    EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder());
    DecoderException e = assertThrows(DecoderException.class, () -> in.writeInbound(frame));
    assertEquals(IllegalArgumentException.class, e.getCause().getClass());
    in.finishAndReleaseAll();
  }

  @Test
  void rejectsANonWireMessage() {
    assertThrows(IllegalArgumentException.class,
        () -> MessageType.of(StMgrLocation.getDefaultInstance()));
  }
}

package org.egret.stmgr;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import org.egret.proto.Topology;

/** The topology's {@code topology.message.timeout.secs} (Storm's default 30), read from its config. */
final class MessageTimeout {
  static final int STORM_DEFAULT_SECS = 30;

  private MessageTimeout() {
  }

  static int of(Topology topology) {
    if (topology.getConfigJson().isEmpty()) {
      return STORM_DEFAULT_SECS;
    }
    Struct.Builder conf = Struct.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(topology.getConfigJson(), conf);
    } catch (InvalidProtocolBufferException e) {
      return STORM_DEFAULT_SECS;
    }
    Value v = conf.getFieldsMap().get("topology.message.timeout.secs");
    if (v == null || !v.hasNumberValue() || v.getNumberValue() < 1) {
      return STORM_DEFAULT_SECS;
    }
    return (int) v.getNumberValue();
  }
}

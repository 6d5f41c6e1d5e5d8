package org.egret.stmgr;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.egret.proto.DataTuple;

/**
 * A serialized DataTuple as the stream manager handles it: it reads the destination tasks in place
 * and rewrites them only when a tuple must be split between destinations.
 */
final class TupleBytes {
  private static final int DEST_TASKS = DataTuple.DEST_TASKS_FIELD_NUMBER;
  private static final int[] NONE = new int[0];

  private TupleBytes() {
  }

  /** The tuple's dest_tasks, packed or not, skipping every other field unparsed. */
  static int[] destTasks(ByteString tuple) {
    try {
      CodedInputStream in = tuple.newCodedInput();
      int[] out = NONE;
      int n = 0;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagFieldNumber(tag) != DEST_TASKS) {
          in.skipField(tag);
        } else if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          int limit = in.pushLimit(in.readRawVarint32());
          while (in.getBytesUntilLimit() > 0) {
            out = add(out, n++, in.readInt32());
          }
          in.popLimit(limit);
        } else {
          out = add(out, n++, in.readInt32());
        }
      }
      return n == out.length ? out : Arrays.copyOf(out, n);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("malformed tuple: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int[] add(int[] a, int i, int v) {
    int[] out = i < a.length ? a : Arrays.copyOf(a, Math.max(4, a.length * 2));
    out[i] = v;
    return out;
  }

  /** The same tuple addressed to {@code tasks} only. */
  static ByteString withDests(DataTuple parsed, List<Integer> tasks) {
    return parsed.toBuilder().clearDestTasks().addAllDestTasks(tasks).build().toByteString();
  }

  static DataTuple parse(ByteString tuple) {
    try {
      return DataTuple.parseFrom(tuple);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("malformed tuple: " + e.getMessage(), e);
    }
  }
}

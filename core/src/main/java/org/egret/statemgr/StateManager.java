package org.egret.statemgr;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.egret.config.EgretConfig;

/**
 * Where a topology's plans and locations live (DESIGN.md section 5). One node per
 * (kind, topology), holding a protobuf message. Implementations: local file system, ZooKeeper.
 */
public interface StateManager extends AutoCloseable {
  void initialize(EgretConfig config);

  void set(StateKind kind, String topology, Message value);

  <T extends Message> Optional<T> get(StateKind kind, String topology, Parser<T> parser);

  /** Removes the node; absent is fine. */
  void delete(StateKind kind, String topology);

  /** Topology names that have a node of this kind. */
  List<String> list(StateKind kind);

  /** Takes the topology's lock (for submit, kill, update), waiting at most {@code timeout}. */
  Lock lock(String topology, Duration timeout);

  /** A held lock; closing releases it. */
  interface Lock extends AutoCloseable {
    @Override
    void close();
  }

  /** Removes every node of the topology: what a kill or a failed submit leaves behind is nothing. */
  default void deleteAll(String topology) {
    for (StateKind kind : StateKind.values()) {
      delete(kind, topology);
    }
  }

  @Override
  void close();
}

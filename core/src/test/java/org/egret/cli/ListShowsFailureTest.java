package org.egret.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.egret.config.EgretConfig;
import org.egret.proto.ExecutionState;
import org.egret.proto.PackingPlan;
import org.egret.proto.SchedulerLocation;
import org.egret.proto.Topology;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scheduler that gave a topology up (ExecutionState.failure) makes {@code egret list} say FAILED and why. */
class ListShowsFailureTest {
  @Test
  void listShowsWhyTheSchedulerGaveUp(@TempDir Path dir) {
    Path root = dir.resolve("state");
    try (StateManager state = StateManagers.open(EgretConfig.fromMap(Map.of("egret.statemgr.root", root.toString())))) {
      state.set(StateKind.TOPOLOGIES, "t", Topology.newBuilder().setName("t").setId("t-1").build());
      state.set(StateKind.PACKING_PLANS, "t", PackingPlan.newBuilder().setTopologyId("t-1").build());
      state.set(StateKind.SCHEDULERS, "t", SchedulerLocation.newBuilder().setTopologyName("t").setHost("h").build());
      state.set(StateKind.EXECUTION_STATE, "t", ExecutionState.newBuilder().setTopologyName("t").setTopologyId("t-1")
          .setFailure("egret.t.c1.a5 ended TASK_FAILED after 5 attempts").build());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = EgretCli.run(new String[] {"list", "mesos", "--config-path", Path.of("..", "conf").toString(),
        "--config-property", "egret.statemgr.type=local", "--config-property", "egret.statemgr.root=" + root},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, text);
    assertTrue(text.contains("FAILED (egret.t.c1.a5 ended TASK_FAILED after 5 attempts)"), text);
  }
}

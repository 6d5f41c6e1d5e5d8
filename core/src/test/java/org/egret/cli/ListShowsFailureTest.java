package org.egret.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.egret.config.EgretConfig;
import org.egret.proto.ContainerFailure;
import org.egret.proto.ExecutionState;
import org.egret.proto.PackingPlan;
import org.egret.proto.SchedulerLocation;
import org.egret.proto.Topology;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler that gave a topology up (ExecutionState.failure) makes {@code egret list} say FAILED
 * and why; recent container failures make it say degraded and which was last. Both come from the
 * state manager, so any scheduler's topologies show them.
 */
class ListShowsFailureTest {
    @Test
    void listShowsWhyTheSchedulerGaveUp(@TempDir Path dir) {
        Path root = dir.resolve("state");
        try (StateManager state =
                StateManagers.open(EgretConfig.fromMap(Map.of("egret.statemgr.root", root.toString())))) {
            state.set(
                    StateKind.TOPOLOGIES,
                    "t",
                    Topology.newBuilder().setName("t").setId("t-1").build());
            state.set(
                    StateKind.PACKING_PLANS,
                    "t",
                    PackingPlan.newBuilder().setTopologyId("t-1").build());
            state.set(
                    StateKind.SCHEDULERS,
                    "t",
                    SchedulerLocation.newBuilder()
                            .setTopologyName("t")
                            .setHost("h")
                            .build());
            state.set(
                    StateKind.EXECUTION_STATE,
                    "t",
                    ExecutionState.newBuilder()
                            .setTopologyName("t")
                            .setTopologyId("t-1")
                            .setFailure("egret.t.c1.a5 ended TASK_FAILED after 5 attempts")
                            .build());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = EgretCli.run(
                new String[] {
                    "list",
                    "local",
                    "--config-path",
                    Path.of("..", "conf").toString(),
                    "--config-property",
                    "egret.statemgr.type=local",
                    "--config-property",
                    "egret.statemgr.root=" + root
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("FAILED (egret.t.c1.a5 ended TASK_FAILED after 5 attempts)"), text);
    }

    @Test
    void listShowsRecentContainerFailuresAsDegradedAndAFileItCannotReadByName(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("state");
        long now = System.currentTimeMillis();
        try (StateManager state =
                StateManagers.open(EgretConfig.fromMap(Map.of("egret.statemgr.root", root.toString())))) {
            for (String t : new String[] {"old", "recent", "torn"}) {
                state.set(
                        StateKind.TOPOLOGIES,
                        t,
                        Topology.newBuilder().setName(t).setId(t + "-1").build());
                state.set(
                        StateKind.SCHEDULERS,
                        t,
                        SchedulerLocation.newBuilder()
                                .setTopologyName(t)
                                .setHost("h")
                                .build());
            }
            state.set(
                    StateKind.EXECUTION_STATE,
                    "old",
                    ExecutionState.newBuilder()
                            .setTopologyName("old")
                            .addContainerFailures(ContainerFailure.newBuilder()
                                    .setContainer(1)
                                    .setProcess("executor")
                                    .setReason("long ago")
                                    .setTimeMs(now - 3_600_000))
                            .build());
            state.set(
                    StateKind.EXECUTION_STATE,
                    "recent",
                    ExecutionState.newBuilder()
                            .setTopologyName("recent")
                            .addContainerFailures(ContainerFailure.newBuilder()
                                    .setContainer(2)
                                    .setProcess("instance-3-gate")
                                    .setReason("exited with code 1")
                                    .setTimeMs(now - 1000)
                                    .setHost("node7"))
                            .build());
            state.set(
                    StateKind.EXECUTION_STATE,
                    "torn",
                    ExecutionState.newBuilder().setTopologyName("torn").build());
        }
        java.nio.file.Files.write(root.resolve("executionstate/torn"), new byte[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = EgretCli.run(
                new String[] {
                    "list",
                    "local",
                    "--config-path",
                    Path.of("..", "conf").toString(),
                    "--config-property",
                    "egret.statemgr.type=local",
                    "--config-property",
                    "egret.statemgr.root=" + root
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        String recent =
                text.lines().filter(l -> l.startsWith("recent")).findFirst().orElseThrow();
        assertTrue(
                recent.contains("RUNNING (degraded: 1 container failure in the last 600 s; last: container 2 "
                                + "instance-3-gate: exited with code 1")
                        && recent.contains("node7"),
                text);
        String old = text.lines().filter(l -> l.startsWith("old")).findFirst().orElseThrow();
        assertTrue(old.contains("RUNNING") && !old.contains("degraded"), text);
        String torn = text.lines().filter(l -> l.startsWith("torn")).findFirst().orElseThrow();
        assertTrue(
                torn.contains("UNREADABLE")
                        && torn.contains(root.resolve("executionstate/torn").toString()),
                text);
    }

    @Test
    void killRemovesATopologyWhoseNodesAreCorrupt(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("state");
        String name = "corrupt-node-kill-test";
        try (StateManager state =
                StateManagers.open(EgretConfig.fromMap(Map.of("egret.statemgr.root", root.toString())))) {
            state.set(
                    StateKind.TOPOLOGIES,
                    name,
                    Topology.newBuilder().setName(name).build());
        }
        java.nio.file.Files.write(root.resolve("executionstate/" + name), new byte[0]);
        java.nio.file.Files.write(root.resolve("schedulers/" + name), new byte[] {(byte) 0xff, (byte) 0xff});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = EgretCli.run(
                new String[] {
                    "kill",
                    "local",
                    name,
                    "--config-path",
                    Path.of("..", "conf").toString(),
                    "--config-property",
                    "egret.statemgr.root=" + root,
                    "--config-property",
                    "egret.working.dir=" + dir.resolve("work")
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("zero length") && text.contains("killed"), text);
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(root)) {
            assertTrue(
                    s.filter(java.nio.file.Files::isRegularFile)
                            .noneMatch(p -> p.getFileName().toString().equals(name)),
                    "no node left");
        }
    }
}

package org.egret.statemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.egret.config.EgretConfig;
import org.egret.proto.ContainerFailure;
import org.egret.proto.ExecutionState;
import org.egret.proto.PackingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local state manager never takes a torn or corrupt file for a plan, and updates do not lose writes. */
class LocalFileDurabilityTest {
    @TempDir
    Path dir;

    private StateManager open() {
        return StateManagers.open(EgretConfig.fromMap(Map.of("egret.statemgr.root", dir.toString())));
    }

    @Test
    void aZeroLengthNodeIsAnErrorNamingTheFile() throws Exception {
        try (StateManager sm = open()) {
            Path file = dir.resolve("packingplans/t");
            Files.write(file, new byte[0]);
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> sm.get(StateKind.PACKING_PLANS, "t", PackingPlan.parser()));
            assertTrue(
                    e.getMessage().contains(file.toString()) && e.getMessage().contains("zero length"), e.getMessage());
        }
    }

    @Test
    void garbageBytesAreAnErrorNamingTheFile() throws Exception {
        try (StateManager sm = open()) {
            Path file = dir.resolve("packingplans/t");
            // an invalid wire type, and bytes that decode only as fields PackingPlan does not have
            for (byte[] garbage : List.of(
                    new byte[] {(byte) 0xff, (byte) 0xff, 0x07, 0x00, 0x13}, new byte[] {(byte) 0xc8, 0x01, 0x05})) {
                Files.write(file, garbage);
                IllegalStateException e = assertThrows(
                        IllegalStateException.class, () -> sm.get(StateKind.PACKING_PLANS, "t", PackingPlan.parser()));
                assertTrue(
                        e.getMessage().contains(file.toString())
                                && e.getMessage().contains("corrupt"),
                        e.getMessage());
            }
        }
    }

    @Test
    void anEmptyMessageIsNotWrittenAndWritesLeaveNoTemporaryFiles() throws Exception {
        try (StateManager sm = open()) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> sm.set(StateKind.PACKING_PLANS, "t", PackingPlan.getDefaultInstance()));
            sm.set(
                    StateKind.PACKING_PLANS,
                    "t",
                    PackingPlan.newBuilder().setTopologyId("t-1").build());
            sm.set(
                    StateKind.PACKING_PLANS,
                    "t",
                    PackingPlan.newBuilder().setTopologyId("t-2").build());
            assertEquals(
                    "t-2",
                    sm.get(StateKind.PACKING_PLANS, "t", PackingPlan.parser())
                            .orElseThrow()
                            .getTopologyId());
            try (var s = Files.list(dir.resolve("packingplans"))) {
                assertEquals(
                        List.of("t"), s.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    @Test
    void concurrentUpdatesLoseNothingAndFailuresStayBounded() throws Exception {
        try (StateManager a = open();
                StateManager b = open()) {
            a.set(
                    StateKind.EXECUTION_STATE,
                    "t",
                    ExecutionState.newBuilder().setTopologyName("t").build());
            List<Thread> writers = new ArrayList<>();
            for (StateManager sm : List.of(a, b)) {
                for (int w = 0; w < 2; w++) {
                    int writer = writers.size();
                    writers.add(new Thread(() -> {
                        for (int i = 0; i < 5; i++) {
                            ExecutionStates.recordContainerFailure(
                                    sm,
                                    "t",
                                    ContainerFailure.newBuilder()
                                            .setContainer(writer)
                                            .setProcess("p" + i)
                                            .setReason("test")
                                            .setTimeMs(1)
                                            .build());
                        }
                    }));
                }
            }
            writers.forEach(Thread::start);
            for (Thread t : writers) {
                t.join(30000);
            }
            ExecutionState es = a.get(StateKind.EXECUTION_STATE, "t", ExecutionState.parser())
                    .orElseThrow();
            assertEquals(20, es.getContainerFailuresCount());
            ExecutionStates.markFailed(b, "t", "first");
            ExecutionStates.markFailed(b, "t", "second");
            for (int i = 0; i < ExecutionStates.MAX_FAILURES_KEPT + 5; i++) {
                ExecutionStates.recordContainerFailure(
                        a,
                        "t",
                        ContainerFailure.newBuilder()
                                .setContainer(9)
                                .setProcess("q" + i)
                                .build());
            }
            es = a.get(StateKind.EXECUTION_STATE, "t", ExecutionState.parser()).orElseThrow();
            assertEquals("first", es.getFailure());
            assertEquals(ExecutionStates.MAX_FAILURES_KEPT, es.getContainerFailuresCount());
            assertEquals(
                    "q" + (ExecutionStates.MAX_FAILURES_KEPT + 4),
                    ExecutionStates.last(es).orElseThrow().getProcess());
            // a topology that is gone is not brought back by a late writer
            a.deleteAll("t");
            ExecutionStates.recordContainerFailure(
                    b, "t", ContainerFailure.newBuilder().setContainer(1).build());
            assertEquals(Optional.empty(), a.get(StateKind.EXECUTION_STATE, "t", ExecutionState.parser()));
        }
    }
}

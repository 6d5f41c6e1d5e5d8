package org.egret.statemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.egret.config.EgretConfig;
import org.egret.files.OwnerOnly;
import org.egret.proto.ExecutionState;
import org.egret.proto.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStateManagerTest {
    @TempDir
    Path dir;

    private StateManager open() {
        return StateManagers.open(EgretConfig.fromMap(Map.of("egret.statemgr.root", dir.toString())));
    }

    @Test
    void nodesRoundTripAndListAndDelete() {
        try (StateManager sm = open()) {
            sm.set(
                    StateKind.TOPOLOGIES,
                    "t1",
                    Topology.newBuilder().setName("t1").build());
            sm.set(
                    StateKind.TOPOLOGIES,
                    "t2",
                    Topology.newBuilder().setName("t2").build());
            sm.set(
                    StateKind.EXECUTION_STATE,
                    "t1",
                    ExecutionState.newBuilder().setTopologyName("t1").build());
            assertEquals(
                    "t1",
                    sm.get(StateKind.TOPOLOGIES, "t1", Topology.parser())
                            .orElseThrow()
                            .getName());
            assertEquals(List.of("t1", "t2"), sm.list(StateKind.TOPOLOGIES));
            assertTrue(Files.exists(dir.resolve("topologies/t1")), "layout: <root>/topologies/<name>");
            sm.deleteAll("t1");
            assertTrue(sm.get(StateKind.TOPOLOGIES, "t1", Topology.parser()).isEmpty());
            assertTrue(sm.get(StateKind.EXECUTION_STATE, "t1", ExecutionState.parser())
                    .isEmpty());
            assertEquals(List.of("t2"), sm.list(StateKind.TOPOLOGIES));
            sm.delete(StateKind.PHYSICAL_PLANS, "absent");
        }
    }

    @Test
    void directoriesAndFilesAreTheOwnersOnly() throws Exception {
        // a family an older Egret created with the default mode is narrowed too
        Files.createDirectories(dir.resolve("secrets"));
        Files.setPosixFilePermissions(dir.resolve("secrets"), PosixFilePermissions.fromString("rwxr-xr-x"));
        try (StateManager sm = open()) {
            sm.set(StateKind.TOPOLOGIES, "t", Topology.newBuilder().setName("t").build());
            sm.update(
                    StateKind.EXECUTION_STATE,
                    "t",
                    ExecutionState.parser(),
                    now -> java.util.Optional.of(
                            ExecutionState.newBuilder().setTopologyName("t").build()));
            sm.lock("t", Duration.ofSeconds(1)).close();
            for (StateKind kind : StateKind.values()) {
                assertEquals("rwx------", OwnerOnly.mode(dir.resolve(kind.dir())), kind.dir());
            }
            assertEquals("rwx------", OwnerOnly.mode(dir.resolve("locks")));
            try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
                for (Path f : all.filter(Files::isRegularFile).toList()) {
                    assertEquals(
                            "rw-------", OwnerOnly.mode(f), dir.relativize(f).toString());
                }
            }
            assertTrue(Files.exists(dir.resolve("locks/t")) && Files.exists(dir.resolve("locks/t.update")));
        }
    }

    @Test
    void lockIsExclusiveUntilReleased() throws Exception {
        try (StateManager sm = open()) {
            StateManager.Lock held = sm.lock("t", Duration.ofSeconds(1));
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> sm.lock("t", Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
            held.close();
            sm.lock("t", Duration.ofSeconds(1)).close();
        }
    }

    @Test
    void corruptNodeIsReportedWithItsPath() throws Exception {
        try (StateManager sm = open()) {
            Files.write(dir.resolve("topologies/bad"), new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> sm.get(StateKind.TOPOLOGIES, "bad", Topology.parser()));
            assertTrue(e.getMessage().contains("bad"));
        }
    }
}

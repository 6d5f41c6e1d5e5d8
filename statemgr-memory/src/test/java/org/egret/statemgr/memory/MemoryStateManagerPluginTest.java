package org.egret.statemgr.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.egret.cli.EgretCli;
import org.egret.config.ConfigException;
import org.egret.config.ConfigRegistry;
import org.egret.config.EgretConfig;
import org.egret.proto.TMasterLocation;
import org.egret.proto.Topology;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A state manager added as a module of its own: core's {@code StateManagers} opens it by its type,
 * its key is known, validated and listed like core's, and an unknown type names the installed ones.
 */
class MemoryStateManagerPluginTest {
    @AfterEach
    void forget() {
        MemoryStateManager.clear();
    }

    private static EgretConfig config(Map<String, Object> more) {
        Map<String, Object> raw = new HashMap<>(more);
        raw.put("egret.statemgr.type", "memory");
        return EgretConfig.fromMap(raw);
    }

    @Test
    void coreOpensItByItsTypeAndItsOwnKeyIsRead() {
        try (StateManager sm = StateManagers.open(config(Map.of("egret.statemgr.memory.max.nodes", 2)))) {
            assertInstanceOf(MemoryStateManager.class, sm);
            sm.set(StateKind.TOPOLOGIES, "a", Topology.newBuilder().setName("a").build());
            sm.set(StateKind.TOPOLOGIES, "b", Topology.newBuilder().setName("b").build());
            assertEquals(
                    "b",
                    sm.get(StateKind.TOPOLOGIES, "b", Topology.parser())
                            .orElseThrow()
                            .getName());
            assertEquals(List.of("a", "b"), sm.list(StateKind.TOPOLOGIES));
            IllegalStateException full = assertThrows(
                    IllegalStateException.class,
                    () -> sm.set(
                            StateKind.TOPOLOGIES,
                            "c",
                            Topology.newBuilder().setName("c").build()));
            assertTrue(full.getMessage().contains("egret.statemgr.memory.max.nodes"), full.getMessage());
        }
    }

    @Test
    void itsKeyIsRegisteredValidatedAndListed() {
        assertTrue(ConfigRegistry.keys().containsKey("egret.statemgr.memory.max.nodes"));
        ConfigException bad =
                assertThrows(ConfigException.class, () -> config(Map.of("egret.statemgr.memory.max.nodes", 0)));
        assertTrue(bad.getMessage().contains("egret.statemgr.memory.max.nodes"), bad.getMessage());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = EgretCli.run(
                new String[] {"config", "list", "--config-property", "egret.statemgr.type=memory"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("egret.statemgr.memory.max.nodes"), text);
        assertTrue(text.contains("one of [local, memory]"), "the installed state managers: " + text);
    }

    @Test
    void anUnknownTypeNamesTheInstalledOnes() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> EgretConfig.fromMap(Map.of("egret.statemgr.type", "etcd")));
        assertTrue(e.getMessage().contains("one of [local, memory]"), e.getMessage());
    }

    @Test
    void watchesLocksAndTheTopologyMasterEntryWork() throws Exception {
        try (StateManager sm = StateManagers.open(config(Map.of()));
                StateManager other = StateManagers.open(config(Map.of()))) {
            BlockingQueue<Optional<Topology>> seen = new LinkedBlockingQueue<>();
            try (StateManager.Watch w = sm.watch(StateKind.TOPOLOGIES, "t", Topology.parser(), seen::add)) {
                other.set(
                        StateKind.TOPOLOGIES,
                        "t",
                        Topology.newBuilder().setName("t").build());
                assertEquals("t", seen.poll(5, TimeUnit.SECONDS).orElseThrow().getName());
                other.delete(StateKind.TOPOLOGIES, "t");
                assertEquals(Optional.empty(), seen.poll(5, TimeUnit.SECONDS), "a delete is reported as empty");
            }

            try (StateManager.Lock l = sm.lock("t", Duration.ofSeconds(1))) {
                IllegalStateException held =
                        assertThrows(IllegalStateException.class, () -> other.lock("t", Duration.ofMillis(50)));
                assertTrue(held.getMessage().contains("locked"), held.getMessage());
            }
            other.lock("t", Duration.ofMillis(50)).close();

            TMasterLocation first = TMasterLocation.newBuilder()
                    .setTopologyName("t")
                    .setHost("h1")
                    .build();
            StateManager.TMasterHold hold = sm.holdTMaster(first, () -> {});
            Thread standby = new Thread(() -> {
                try {
                    other.holdTMaster(first.toBuilder().setHost("h2").build(), () -> {});
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            standby.start();
            standby.join(200);
            assertTrue(standby.isAlive(), "a second TM waits while the first holds the entry");
            hold.close();
            standby.join(5000);
            assertEquals(
                    "h2",
                    sm.get(StateKind.TMASTERS, "t", TMasterLocation.parser())
                            .orElseThrow()
                            .getHost());
        }
    }
}

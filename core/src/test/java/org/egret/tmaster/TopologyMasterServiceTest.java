package org.egret.tmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.egret.config.EgretConfig;
import org.egret.proto.TMasterLocation;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.egret.runtime.ProcessOptions;
import org.egret.security.TopologySecret;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two Topology Masters of one topology in one JVM, as two container-0 executors would run them. */
class TopologyMasterServiceTest {
    @TempDir
    Path dir;

    @Test
    void aSecondTmWaitsAsAStandbyUntilTheFirstCloses() throws Exception {
        EgretConfig config = EgretConfig.fromMap(
                Map.of("egret.statemgr.root", dir.resolve("state").toString(), "egret.host", "127.0.0.1"));
        TopologySecret secret = TopologySecret.generate();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (StateManager sm = StateManagers.open(config)) {
            sm.set(
                    StateKind.TOPOLOGIES,
                    "t",
                    Topology.newBuilder()
                            .setName("t")
                            .setState(TopologyState.RUNNING)
                            .build());
            sm.set(StateKind.PACKING_PLANS, "t", PhysicalPlanBuilderTest.packing());
            ProcessOptions a = container(dir.resolve("a"), secret);
            ProcessOptions b = container(dir.resolve("b"), secret);

            TopologyMasterService first = TopologyMasterService.start(a, config, 0, failure::set);
            TopologyMasterService second;
            try {
                waitFor(
                        "the first TM active",
                        () -> a.dirs().readAddress("tmaster").isPresent());
                int firstPort = a.dirs().readAddress("tmaster").orElseThrow().getPort();
                assertEquals(firstPort, entry(sm).orElseThrow().getServerPort());

                second = TopologyMasterService.start(b, config, 0, failure::set);
                // longer than the local lease: the first renews it, the second keeps waiting
                Thread.sleep(1500);
                assertTrue(b.dirs().readAddress("tmaster").isEmpty(), "the standby published an address");
                assertEquals(firstPort, entry(sm).orElseThrow().getServerPort());
            } finally {
                first.close();
            }
            try {
                waitFor(
                        "the second TM active",
                        () -> b.dirs().readAddress("tmaster").isPresent());
                assertEquals(
                        b.dirs().readAddress("tmaster").orElseThrow().getPort(),
                        entry(sm).orElseThrow().getServerPort());
            } finally {
                second.close();
            }
            waitFor("the entry removed", () -> entry(sm).isEmpty());
            assertEquals(null, failure.get());
        }
    }

    private static Optional<TMasterLocation> entry(StateManager sm) {
        return sm.get(StateKind.TMASTERS, "t", TMasterLocation.parser());
    }

    private static ProcessOptions container(Path root, TopologySecret secret) {
        ProcessOptions opts = ProcessOptions.parse(List.of(
                        "--topology",
                        "t",
                        "--topology-id",
                        "t-1",
                        "--container",
                        "0",
                        "--container-dir",
                        root.toString(),
                        "--conf-dir",
                        root.resolve("conf").toString())
                .toArray(String[]::new));
        opts.dirs().clearRunState();
        secret.writeTo(opts.dirs().secretFile());
        return opts;
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}

package org.egret.statemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.egret.config.EgretConfig;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.TMasterLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local state manager's polling watch and its lease-based TM entry. */
class LocalWatchAndTMasterHoldTest {
    @TempDir
    Path dir;

    private StateManager open() {
        return StateManagers.open(EgretConfig.fromMap(Map.of(
                "egret.statemgr.root",
                dir.toString(),
                "egret.statemgr.local.poll.ms",
                "20",
                "egret.tmaster.lease.ms",
                "600")));
    }

    @Test
    void watchReportsChangesAndDeletion() throws Exception {
        try (StateManager sm = open()) {
            BlockingQueue<Optional<PhysicalPlan>> seen = new LinkedBlockingQueue<>();
            try (StateManager.Watch w = sm.watch(StateKind.PHYSICAL_PLANS, "t", PhysicalPlan.parser(), seen::add)) {
                sm.set(
                        StateKind.PHYSICAL_PLANS,
                        "t",
                        PhysicalPlan.newBuilder().setVersion(1).build());
                assertEquals(1, next(seen).orElseThrow().getVersion());
                sm.set(
                        StateKind.PHYSICAL_PLANS,
                        "t",
                        PhysicalPlan.newBuilder().setVersion(2).build());
                assertEquals(2, next(seen).orElseThrow().getVersion());
                sm.delete(StateKind.PHYSICAL_PLANS, "t");
                assertEquals(Optional.empty(), next(seen));
            }
        }
    }

    @Test
    void secondTmWaitsUntilTheFirstReleases() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (StateManager a = open();
                StateManager b = open()) {
            StateManager.TMasterHold first = a.holdTMaster(location(1), () -> {});
            CompletableFuture<StateManager.TMasterHold> second = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return b.holdTMaster(location(2), () -> {});
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    pool);
            // Longer than the lease: the first renews it, so the second keeps waiting.
            assertThrows(TimeoutException.class, () -> second.get(1500, TimeUnit.MILLISECONDS));
            first.close();
            second.get(5, TimeUnit.SECONDS).close();
        } finally {
            pool.shutdownNow();
        }
    }

    private static TMasterLocation location(int port) {
        return TMasterLocation.newBuilder()
                .setTopologyName("t")
                .setHost("127.0.0.1")
                .setServerPort(port)
                .setPid((int) ProcessHandle.current().pid())
                .build();
    }

    private static <T> T next(BlockingQueue<T> q) throws InterruptedException {
        T v = q.poll(5, TimeUnit.SECONDS);
        assertNotNull(v, "no watch event within 5 s");
        return v;
    }
}

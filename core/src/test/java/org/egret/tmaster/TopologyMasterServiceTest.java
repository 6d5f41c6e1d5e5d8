package org.egret.tmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
    private static final Duration LEASE = Duration.ofMillis(500);

    @TempDir
    Path dir;

    @Test
    void aSecondTmWaitsAsAStandbyUntilTheFirstCloses() throws Exception {
        EgretConfig config = EgretConfig.fromMap(Map.of(
                "egret.statemgr.root",
                dir.resolve("state").toString(),
                "egret.host",
                "127.0.0.1",
                "egret.tmaster.lease.ms",
                Long.toString(LEASE.toMillis())));
        TopologySecret secret = TopologySecret.generate();
        AtomicReference<Exception> failure = new AtomicReference<>();
        BlockingQueue<Optional<TMasterLocation>> entries = new LinkedBlockingQueue<>();
        try (StateManager sm = StateManagers.open(config);
                StateManager.Watch w = sm.watch(StateKind.TMASTERS, "t", TMasterLocation.parser(), entries::add)) {
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
                int firstPort = nextEntry(entries, Duration.ofSeconds(10), "the first TM's entry")
                        .getServerPort();
                assertEquals(
                        firstPort, a.dirs().readAddress("tmaster").orElseThrow().getPort());

                second = TopologyMasterService.start(b, config, 0, failure::set);
                // three leases long: the first renews its entry, and no entry of the second's shows up
                long until = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
                for (long left; (left = until - System.nanoTime()) > 0; ) {
                    Optional<TMasterLocation> e = entries.poll(left, TimeUnit.NANOSECONDS);
                    if (e != null) {
                        assertEquals(firstPort, e.orElseThrow().getServerPort(), "the entry while the first serves");
                    }
                }
                assertTrue(b.dirs().readAddress("tmaster").isEmpty(), "the standby published an address");
            } finally {
                first.close();
            }
            try {
                TMasterLocation taken;
                do {
                    taken = nextEntry(entries, Duration.ofSeconds(10), "the second TM's entry");
                } while (b.dirs().readAddress("tmaster").isEmpty()
                        || taken.getServerPort()
                                != b.dirs().readAddress("tmaster").orElseThrow().getPort());
            } finally {
                second.close();
            }
            Optional<TMasterLocation> last;
            do {
                last = entries.poll(10, TimeUnit.SECONDS);
                assertNotNull(last, "the entry was not removed within 10 s");
            } while (last.isPresent());
            assertNull(failure.get());
        }
    }

    /** The next published entry (skipping removals), within {@code limit}. */
    private static TMasterLocation nextEntry(
            BlockingQueue<Optional<TMasterLocation>> entries, Duration limit, String what) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<TMasterLocation> e = entries.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(e, "not within " + limit + ": " + what);
            if (e.isPresent()) {
                return e.get();
            }
        }
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
}

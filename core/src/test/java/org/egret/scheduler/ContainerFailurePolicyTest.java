package org.egret.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerFailurePolicyTest {
    private static ContainerFailurePolicy policy(int max, long window, int nodeFailures, double fraction) {
        return new ContainerFailurePolicy(
                new ContainerFailurePolicy.Settings(max, window, 100, 1000, nodeFailures, fraction));
    }

    @Test
    void backOffDoublesPerContainerUpToTheCapAndStartsAfreshAfterAQuietWindow() {
        ContainerFailurePolicy p = policy(100, 10_000, 100, 0.5);
        long t = 1_000_000;
        assertEquals(100, p.failed(1, "n1", t, 10).delayMs());
        assertEquals(200, p.failed(1, "n1", t + 1, 10).delayMs());
        assertEquals(100, p.failed(2, "n1", t + 2, 10).delayMs(), "each container has its own back-off");
        assertEquals(400, p.failed(1, "n1", t + 3, 10).delayMs());
        assertEquals(800, p.failed(1, "n1", t + 4, 10).delayMs());
        assertEquals(1000, p.failed(1, "n1", t + 5, 10).delayMs());
        assertEquals(1000, p.failed(1, "n1", t + 6, 10).delayMs());
        assertEquals(100, p.failed(1, "n1", t + 6 + 10_000, 10).delayMs(), "a window without failure resets it");
    }

    @Test
    void failuresAreCountedInASlidingWindow() {
        ContainerFailurePolicy p = policy(3, 10_000, 100, 0.5);
        long t = 1_000_000;
        assertFalse(p.failed(1, null, t, 0).giveUp());
        assertFalse(p.failed(2, null, t + 5_000, 0).giveUp());
        // the first has left the window: still two
        assertFalse(p.failed(1, null, t + 10_000, 0).giveUp());
        ContainerFailurePolicy.Decision d = p.failed(3, "n7", t + 12_000, 0);
        assertTrue(d.giveUp());
        assertTrue(
                d.reason().contains("3 container failures within 10 s")
                        && d.reason().contains("container 3 on n7")
                        && d.reason().contains(ContainerFailureKeys.MAX_FAILURES.name()),
                d.reason());
    }

    @Test
    void aNodeWhereContainersKeepFailingIsBlacklistedWithinTheBound() {
        ContainerFailurePolicy p = policy(1000, 10_000, 2, 0.5);
        long t = 1_000_000;
        assertEquals(List.of(), p.failed(1, "a", t, 4).blacklist());
        assertEquals(List.of("a"), p.failed(1, "a", t + 1, 4).blacklist());
        assertEquals(List.of(), p.failed(1, "a", t + 2, 4).blacklist(), "listed once");
        p.failed(2, "b", t + 3, 4);
        assertEquals(List.of("b"), p.failed(2, "b", t + 4, 4).blacklist());
        p.failed(3, "c", t + 5, 4);
        assertEquals(List.of(), p.failed(3, "c", t + 6, 4).blacklist(), "at most half of 4 nodes");
        assertEquals(List.of("a", "b"), p.blacklisted());
        // two failures on one node of a two-node cluster: 0.5 * 2 = 1 node at most, never both
        ContainerFailurePolicy small = policy(1000, 10_000, 1, 1.0);
        assertEquals(List.of("x"), small.failed(1, "x", t, 2).blacklist());
        assertEquals(List.of(), small.failed(1, "y", t, 2).blacklist(), "the last node is never blacklisted");
        assertEquals(
                List.of(),
                policy(1000, 10_000, 1, 1.0).failed(1, "x", t, 0).blacklist(),
                "unknown cluster size: nothing");
    }

    @Test
    void aBlacklistedNodeComesBackAfterAWindowWithoutFailures() {
        ContainerFailurePolicy p = policy(1000, 10_000, 1, 0.5);
        long t = 1_000_000;
        assertEquals(List.of("a"), p.failed(1, "a", t, 10).blacklist());
        assertEquals(List.of(), p.expired(t + 9_999));
        assertEquals(List.of("a"), p.expired(t + 10_000));
        assertEquals(List.of(), p.blacklisted());
        assertEquals(List.of("a"), p.failed(1, "a", t + 10_001, 10).blacklist(), "and may be listed again");
    }
}

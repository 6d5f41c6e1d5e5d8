package org.egret.acking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XorTrackerTest {
    private final List<Long> completed = new ArrayList<>();
    private final List<Long> failed = new ArrayList<>();
    private static final int MAX_TREES = 100;
    private final XorTracker tracker = new XorTracker(3, MAX_TREES, new XorTracker.Listener() {
        @Override
        public void completed(long root) {
            completed.add(root);
        }

        @Override
        public void failed(long root) {
            failed.add(root);
        }
    });

    @Test
    void aTreeCompletesWhenEveryEdgeIsAcked() {
        long root = EdgeIds.root(3, 1);
        // the spout emits edges a5 and a6; the bolt at 5 emits b (anchored) and acks; 6 and b's task ack
        long a5 = EdgeIds.newEdge();
        long a6 = EdgeIds.newEdge();
        long b = EdgeIds.newEdge();
        tracker.init(root, a5 ^ a6);
        tracker.ack(root, a5 ^ b);
        assertTrue(completed.isEmpty());
        tracker.ack(root, a6);
        assertTrue(completed.isEmpty(), "edge b is still open");
        tracker.ack(root, b);
        assertEquals(List.of(root), completed);
        assertEquals(0, tracker.size());
    }

    @Test
    void eventsForRootsItDoesNotTrackAreDroppedAndKeepNothing() {
        // forged by a peer, or late: after the tree completed, failed or was forgotten
        for (long i = 0; i < 100_000; i++) {
            long root = EdgeIds.root(1, i);
            tracker.ack(root, EdgeIds.newEdge());
            tracker.fail(root);
            assertFalse(tracker.reset(root));
        }
        assertEquals(0, tracker.size());
        assertEquals(300_000, tracker.unknownRootEvents());
        assertTrue(completed.isEmpty());
        assertTrue(failed.isEmpty(), "a fail of an unknown root tells no spout");
    }

    @Test
    void atTheCapANewTreeIsFailedAtOnceAndTheTrackedOnesCarryOn() {
        List<Long> roots = new ArrayList<>();
        for (int i = 0; i < MAX_TREES; i++) {
            long root = EdgeIds.root(2, i);
            roots.add(root);
            tracker.init(root, i + 1);
        }
        assertEquals(MAX_TREES, tracker.size());
        long over = EdgeIds.root(2, 1000);
        tracker.init(over, 7);
        assertEquals(List.of(over), failed, "the spout is told at once, and replays it");
        assertEquals(MAX_TREES, tracker.size());
        assertEquals(1, tracker.refusedTrees());
        tracker.ack(over, 7);
        assertTrue(completed.isEmpty(), "the refused tree is not tracked");
        // an INIT for a tracked root is no new tree
        tracker.init(roots.get(0), 5);
        assertEquals(1, tracker.refusedTrees());
        // once a tree completes, a new one fits again
        tracker.ack(roots.get(1), 2);
        assertEquals(List.of(roots.get(1)), completed);
        tracker.init(over, 7);
        assertEquals(MAX_TREES, tracker.size());
        assertEquals(1, tracker.refusedTrees());
        assertThrows(IllegalArgumentException.class, () -> new XorTracker(3, 0, null));
    }

    @Test
    void aResetKeepsATreeFromBeingForgotten() {
        long root = EdgeIds.root(1, 20);
        tracker.init(root, 9);
        tracker.rotate();
        tracker.rotate();
        assertTrue(tracker.reset(root));
        assertEquals(0, tracker.rotate(), "touched: it moved to the newest generation");
        assertEquals(1, tracker.size());
    }

    @Test
    void explicitFailTellsTheSpoutAndForgetsTheTree() {
        long root = EdgeIds.root(1, 11);
        tracker.init(root, 42);
        tracker.fail(root);
        assertEquals(List.of(root), failed);
        assertEquals(0, tracker.size());
        tracker.ack(root, 42);
        assertTrue(completed.isEmpty(), "a failed tree never completes later");
    }

    @Test
    void untouchedTreesAreForgottenAfterTheLastGeneration() {
        long old = EdgeIds.root(1, 12);
        long young = EdgeIds.root(1, 13);
        tracker.init(old, 1);
        assertEquals(0, tracker.rotate());
        tracker.init(young, 2);
        assertEquals(0, tracker.rotate());
        tracker.ack(young, 3); // touching moves it to the newest generation
        assertEquals(1, tracker.rotate(), "the old tree expires after 3 generations");
        assertEquals(1, tracker.size());
        assertEquals(0, tracker.rotate());
        assertEquals(1, tracker.rotate());
        assertEquals(0, tracker.size());
    }

    @Test
    void rootsCarryTheirSpoutTask() {
        assertEquals(7, EdgeIds.spoutTaskOf(EdgeIds.root(7, -1)));
        assertEquals(32767, EdgeIds.spoutTaskOf(EdgeIds.root(32767, EdgeIds.randomSequenceStart())));
        assertTrue(EdgeIds.newEdge() != 0);
    }
}

package org.egret.acking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XorTrackerTest {
  private final List<Long> completed = new ArrayList<>();
  private final List<Long> failed = new ArrayList<>();
  private final XorTracker tracker = new XorTracker(3, new XorTracker.Listener() {
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
  void eventsMayArriveBeforeTheInit() {
    long root = EdgeIds.root(1, 9);
    long a = EdgeIds.newEdge();
    tracker.ack(root, a);
    assertTrue(completed.isEmpty());
    tracker.init(root, a);
    assertEquals(List.of(root), completed);
  }

  @Test
  void aZeroXorWithoutInitIsNotCompletion() {
    long root = EdgeIds.root(1, 10);
    long x = EdgeIds.newEdge();
    tracker.ack(root, x);
    tracker.ack(root, x);
    assertTrue(completed.isEmpty());
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

package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.egret.proto.ComponentKind;
import org.egret.proto.InputStream;
import org.egret.proto.InstanceLocation;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.PlanComponent;
import org.egret.proto.PlanTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Seen from stmgr-1, which hosts the spouts: a (task 1) feeds slow (task 4, on stmgr-2); b (task 2)
 * feeds fast (task 5, on stmgr-3); d (task 3) feeds both slow and fast, a diamond's two paths.
 */
class BackPressureTest {
    private static final int LOW = 1 << 10;
    private static final int HIGH = 4 << 10;
    private static final int PEER_READ_LIMIT = 16 << 10;
    private static final int A = 1;
    private static final int B = 2;
    private static final int D = 3;
    private static final int SLOW = 4;
    private static final int FAST = 5;

    private final List<String> notices = new ArrayList<>();
    private final BackPressure bp = new BackPressure(
            (start, task, cause) -> notices.add((start ? "start " : "stop ") + task), PEER_READ_LIMIT, LOW);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final EmbeddedChannel a = channel();
    private final EmbeddedChannel b = channel();
    private final EmbeddedChannel d = channel();

    @BeforeEach
    void plan() {
        PlanTopology.Builder t = PlanTopology.newBuilder().setName("t");
        for (String spout : List.of("a", "b", "d")) {
            t.addComponents(PlanComponent.newBuilder().setName(spout).setKind(ComponentKind.SPOUT));
        }
        t.addComponents(bolt("slow", "a", "d")).addComponents(bolt("fast", "b", "d"));
        PhysicalPlan.Builder p = PhysicalPlan.newBuilder().setVersion(1).setTopology(t);
        instance(p, A, "a", "stmgr-1");
        instance(p, B, "b", "stmgr-1");
        instance(p, D, "d", "stmgr-1");
        instance(p, SLOW, "slow", "stmgr-2");
        instance(p, FAST, "fast", "stmgr-3");
        bp.onPlan(p.build());
        bp.onTaskConnected(A, a);
        bp.onTaskConnected(B, b);
        bp.onTaskConnected(D, d);
    }

    private static PlanComponent bolt(String name, String... inputs) {
        PlanComponent.Builder c = PlanComponent.newBuilder().setName(name).setKind(ComponentKind.BOLT);
        for (String in : inputs) {
            c.addInputs(InputStream.newBuilder().setComponent(in).setStream("default"));
        }
        return c.build();
    }

    private static void instance(PhysicalPlan.Builder p, int task, String component, String stmgr) {
        p.addInstances(InstanceLocation.newBuilder()
                .setTaskId(task)
                .setComponent(component)
                .setStmgrId(stmgr));
    }

    @AfterEach
    void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(LOW, HIGH));
        channels.add(ch);
        return ch;
    }

    /** Writes {@code bytes} to {@code ch} without flushing: they wait, as for a task that does not read. */
    private static void backlog(EmbeddedChannel ch, int bytes) {
        ch.write(Unpooled.wrappedBuffer(new byte[bytes]));
    }

    private void assertRunning(boolean runsA, boolean runsB, boolean runsD) {
        assertEquals(
                List.of(runsA, runsB, runsD),
                List.of(
                        a.config().isAutoRead(),
                        b.config().isAutoRead(),
                        d.config().isAutoRead()),
                "spouts a, b, d read");
    }

    @Test
    void aSlowTaskElsewherePausesOnlyTheSpoutsThatFeedItAndEachCauseIsReleasedOnItsOwn() {
        bp.onPeerNotice("stmgr-2", true, SLOW, "slow task 4");
        assertRunning(false, true, false);
        bp.onPeerNotice("stmgr-3", true, FAST, "fast task 5");
        assertRunning(false, false, false);
        bp.onPeerNotice("stmgr-2", false, SLOW, "slow task 4");
        assertRunning(true, false, false);
        bp.onPeerNotice("stmgr-3", false, FAST, "fast task 5");
        assertRunning(true, true, true);
    }

    @Test
    void aSpoutThatConnectsWhileWhatItFeedsIsSlowStartsPaused() {
        bp.onPeerNotice("stmgr-2", true, SLOW, "slow task 4");
        bp.onTaskGone(A, a);
        EmbeddedChannel again = channel();
        bp.onTaskConnected(A, again);
        assertFalse(again.config().isAutoRead());
        bp.onPeerNotice("stmgr-2", false, SLOW, "slow task 4");
        assertTrue(again.config().isAutoRead());
    }

    @Test
    void aPeerThatGoesReleasesWhatItHeld() {
        bp.onPeerNotice("stmgr-2", true, SLOW, "slow task 4");
        bp.onPeerGone("stmgr-2");
        assertRunning(true, true, true);
    }

    @Test
    void aPeerIsHeardOnlyAboutItsOwnTasks() {
        bp.onPeerNotice("stmgr-3", true, SLOW, "slow task 4");
        assertRunning(true, true, true);
        bp.onPeerNotice("stmgr-9", true, 99, "task 99");
        assertRunning(true, true, true);
    }

    @Test
    void aSlowLocalTaskThePlanDoesNotKnowPausesEverySpout() {
        bp.onInstanceWritability(channel(), false, 99);
        assertRunning(false, false, false);
    }

    @Test
    void aSlowLocalInstanceIsToldToPeersOnceAndPausesWhatFeedsIt() {
        EmbeddedChannel main = channel();
        EmbeddedChannel taskConnection = channel();
        bp.onInstanceWritability(main, false, SLOW);
        bp.onInstanceWritability(taskConnection, false, SLOW);
        assertRunning(false, true, false);
        assertEquals(List.of("start 4"), notices);
        bp.onInstanceWritability(main, true, SLOW);
        assertEquals(List.of("start 4"), notices, "the task is slow while either connection is");
        bp.onInstanceWritability(taskConnection, true, SLOW);
        assertEquals(List.of("start 4", "stop 4"), notices);
        assertRunning(true, true, true);

        List<String> late = new ArrayList<>();
        bp.onInstanceWritability(main, false, SLOW);
        bp.tellLatePeer((start, task, cause) -> late.add(start + " " + task));
        assertEquals(List.of("true 4"), late);
    }

    @Test
    void aSlowLinkPausesTheSpoutsThatFeedThatPeerOnlyAndIsNotToldToPeers() {
        EmbeddedChannel link = channel();
        bp.onLinkWritability(link, false, "stmgr-3");
        assertRunning(true, false, false);
        assertEquals(List.of(), notices, "other managers watch their own links to stmgr-3");
        bp.onClosed(link);
        assertRunning(true, true, true);
    }

    @Test
    void underThePeerReadLimitPeersAreReadPastItTheyAreNotUntilTheInstanceIsWritableAgain() {
        EmbeddedChannel peerIn = channel();
        EmbeddedChannel slowBolt = channel();
        bp.onPeerInput(peerIn);
        backlog(slowBolt, HIGH + 1);
        bp.onInstanceWritability(slowBolt, slowBolt.isWritable(), SLOW);
        bp.onInstanceBacklog(slowBolt);
        assertTrue(peerIn.config().isAutoRead(), "under the limit, the notice is what pauses the peers' spouts");

        backlog(slowBolt, PEER_READ_LIMIT);
        bp.onInstanceBacklog(slowBolt);
        assertFalse(peerIn.config().isAutoRead(), "TCP holds the peers back: no notice has to arrive in time");
        EmbeddedChannel lateIn = channel();
        bp.onPeerInput(lateIn);
        assertFalse(lateIn.config().isAutoRead(), "a peer that connects meanwhile is not read either");

        slowBolt.flush();
        bp.onInstanceWritability(slowBolt, slowBolt.isWritable(), SLOW);
        assertTrue(peerIn.config().isAutoRead());
        assertTrue(lateIn.config().isAutoRead());
    }

    @Test
    void aClosedInstanceReleasesThePeersAndTheSpouts() {
        EmbeddedChannel peerIn = channel();
        EmbeddedChannel slowBolt = channel();
        bp.onPeerInput(peerIn);
        backlog(slowBolt, HIGH + PEER_READ_LIMIT);
        bp.onInstanceWritability(slowBolt, false, SLOW);
        bp.onInstanceBacklog(slowBolt);
        assertFalse(peerIn.config().isAutoRead());

        bp.onClosed(slowBolt);
        assertTrue(peerIn.config().isAutoRead());
        assertFalse(bp.paused());
        assertEquals(List.of("start 4", "stop 4"), notices);
    }
}

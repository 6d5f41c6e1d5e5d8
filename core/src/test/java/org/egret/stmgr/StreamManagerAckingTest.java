package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.nio.NioEventLoopGroup;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.egret.acking.AckBatchBuilder;
import org.egret.acking.AckFrames;
import org.egret.acking.EdgeIds;
import org.egret.net.TestWires;
import org.egret.proto.AckKind;
import org.egret.proto.MetricDatum;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream manager's acking state under events no honest process sends: nothing is kept for roots it
 * does not track, peers cannot start trees, and the trees of its spouts are capped.
 */
class StreamManagerAckingTest {
    private static final int MAX_TREES = 3;
    private static final int SPOUT = 1;
    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final StreamManager sm = new StreamManager(
            "stmgr-1",
            Set.of(SPOUT, 2),
            new StMgrSettings(1024, 100, 2, 2000, 5000, 500, 1 << 20, 1 << 18, 1 << 22, MAX_TREES, 30_000),
            group,
            null,
            TestWires.wire("stmgr-1"));

    @AfterEach
    void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void send(boolean fromPeer, AckKind kind, long... roots) {
        AckBatchBuilder b = new AckBatchBuilder();
        for (long r : roots) {
            b.add(kind, r, 99);
        }
        sm.onAckBatch(AckFrames.take(b), fromPeer ? StreamManager.FROM_PEER : SPOUT);
    }

    private Map<String, Long> metrics() {
        Map<String, Long> out = new HashMap<>();
        for (MetricDatum d : sm.drainMetrics(0).getMetricsList()) {
            out.put(d.getName(), Long.parseLong(d.getValue()));
        }
        return out;
    }

    @Test
    void acksFailsAndResetsOfUnknownRootsKeepNothing() {
        long[] roots = new long[10_000];
        for (int i = 0; i < roots.length; i++) {
            roots[i] = EdgeIds.root(SPOUT, i);
        }
        send(true, AckKind.ACK, roots);
        send(true, AckKind.FAIL, roots);
        send(false, AckKind.RESET, roots);
        assertEquals(0, sm.trackedTrees());
        Map<String, Long> m = metrics();
        assertEquals(30_000, m.get("ack-events-unknown-root"));
        assertEquals(0, m.get("ack-trees-tracked"));
    }

    @Test
    void onlyALocalSpoutStartsATreeAndTreesAreCapped() {
        send(true, AckKind.INIT, EdgeIds.root(SPOUT, 1));
        assertEquals(0, sm.trackedTrees(), "an INIT from a peer is dropped");
        AckBatchBuilder other = new AckBatchBuilder();
        other.add(AckKind.INIT, EdgeIds.root(SPOUT, 1), 99);
        sm.onAckBatch(AckFrames.take(other), 2);
        assertEquals(0, sm.trackedTrees(), "an INIT from another local task is dropped");
        send(
                false,
                AckKind.INIT,
                EdgeIds.root(SPOUT, 1),
                EdgeIds.root(SPOUT, 2),
                EdgeIds.root(SPOUT, 3),
                EdgeIds.root(SPOUT, 4),
                EdgeIds.root(SPOUT, 5));
        assertEquals(MAX_TREES, sm.trackedTrees());
        Map<String, Long> m = metrics();
        assertEquals(2, m.get("ack-trees-refused"), "the INITs beyond the cap fail their trees at once");
        assertEquals(2, m.get("ack-events-dropped"), "the INITs from the peer and from task 2");
        assertEquals(MAX_TREES, m.get("ack-trees-tracked"));
        send(true, AckKind.ACK, EdgeIds.root(SPOUT, 1)); // completes tree 1 (99 ^ 99)
        assertEquals(MAX_TREES - 1, sm.trackedTrees());
    }
}

package org.egret.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.egret.proto.InstanceLocation;
import org.egret.proto.PhysicalPlan;
import org.junit.jupiter.api.Test;

/** An instance an update removes is stopped once the published physical plan leaves its task out. */
class LeavingInstancesTest {
    private static PhysicalPlan placing(int... tasks) {
        PhysicalPlan.Builder p = PhysicalPlan.newBuilder();
        for (int t : tasks) {
            p.addInstances(InstanceLocation.newBuilder().setTaskId(t));
        }
        return p.build();
    }

    @Test
    void aLeavingInstanceRunsUntilThePublishedPlanLeavesItOut() {
        LeavingInstances l = new LeavingInstances();
        assertEquals(List.of(), l.published(placing(4, 5, 6)));
        assertEquals(List.of(), l.leave(5, "instance-5-sink"), "the current plan still routes to task 5");
        assertEquals(List.of(), l.published(placing(4, 5, 6)));
        assertEquals(List.of("instance-5-sink"), l.published(placing(4, 6)));
        assertEquals(List.of(), l.published(placing(4)), "stopped once");
    }

    @Test
    void aPlanPublishedBeforeThePackingPlanArrivedCounts() {
        // the TM may read the new packing plan and publish before this executor sees that plan
        LeavingInstances l = new LeavingInstances();
        assertEquals(List.of(), l.leave(5, "instance-5-sink"), "no physical plan seen yet");
        l.published(placing(4, 5, 6));
        assertEquals(List.of(), l.leave(6, "instance-6-sink"));
        assertEquals(List.of("instance-5-sink", "instance-6-sink"), l.published(placing(4)));
        LeavingInstances early = new LeavingInstances();
        early.published(placing(4));
        assertEquals(List.of("instance-5-sink"), early.leave(5, "instance-5-sink"));
    }

    @Test
    void aRolledBackUpdateKeepsTheInstance() {
        LeavingInstances l = new LeavingInstances();
        l.published(placing(4, 5));
        l.leave(5, "instance-5-sink");
        assertEquals("instance-5-sink", l.stay(5));
        assertNull(l.stay(5));
        assertEquals(List.of(), l.published(placing(4)), "no longer leaving");
    }
}

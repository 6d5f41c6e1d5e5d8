package org.egret.stmgr;

import org.egret.proto.InstanceLocation;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.StMgrLocation;

/** Physical plans for tests: container c (1-based) holds the tasks given at index c-1. */
final class TestPlans {
    private TestPlans() {}

    static PhysicalPlan plan(long version, int[]... tasksByContainer) {
        PhysicalPlan.Builder b = PhysicalPlan.newBuilder().setVersion(version);
        for (int c = 1; c <= tasksByContainer.length; c++) {
            String id = "stmgr-" + c;
            b.addStmgrs(StMgrLocation.newBuilder()
                    .setId(id)
                    .setContainer(c)
                    .setHost("127.0.0.1")
                    .setDataPort(10000 + c)
                    .setPid(100 + c));
            for (int task : tasksByContainer[c - 1]) {
                b.addInstances(InstanceLocation.newBuilder()
                        .setComponent("bolt")
                        .setTaskId(task)
                        .setStmgrId(id));
            }
        }
        return b.build();
    }
}

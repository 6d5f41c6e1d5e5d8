package org.egret.statemgr;

/** The state manager's node families; each holds one node per topology, named after it. */
public enum StateKind {
    TOPOLOGIES("topologies"),
    PACKING_PLANS("packingplans"),
    PHYSICAL_PLANS("pplans"),
    EXECUTION_STATE("executionstate"),
    TMASTERS("tmasters"),
    SCHEDULERS("schedulers"),
    /** The topology's secret: only its owner and its processes may read it. */
    SECRETS("secrets");

    private final String dir;

    StateKind(String dir) {
        this.dir = dir;
    }

    public String dir() {
        return dir;
    }
}

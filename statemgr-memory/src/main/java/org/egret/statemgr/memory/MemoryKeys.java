package org.egret.statemgr.memory;

import org.egret.config.ConfigKey;

/** The in-memory state manager's keys (egret.statemgr.type: memory). */
public final class MemoryKeys {
    private MemoryKeys() {}

    public static final ConfigKey<Integer> MAX_NODES = ConfigKey.integer(
            "egret.statemgr.memory.max.nodes",
            10_000,
            1,
            1_000_000,
            "How many nodes the in-memory state manager holds before a new one is refused. Its state lives "
                    + "and dies with its process, so it serves tests and one-process tools only.");
}

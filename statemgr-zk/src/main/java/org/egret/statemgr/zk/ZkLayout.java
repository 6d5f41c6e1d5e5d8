package org.egret.statemgr.zk;

import java.util.ArrayList;
import java.util.List;
import org.egret.statemgr.StateKind;

/**
 * Egret's tree under its root (docs/design.md, section 5): one family per {@link StateKind}, plus
 * {@code locks/}; each node is named after its topology.
 */
final class ZkLayout {
    static final String LOCKS = "locks";

    private final String root;

    ZkLayout(String root) {
        if (!root.startsWith("/") || (root.length() > 1 && root.endsWith("/")) || root.contains("//")) {
            throw new IllegalArgumentException(
                    "egret.statemgr.zk.root must be an absolute znode path such as /egret," + " got '" + root + "'");
        }
        this.root = root.equals("/") ? "" : root;
    }

    String root() {
        return root.isEmpty() ? "/" : root;
    }

    String family(StateKind kind) {
        return root + "/" + kind.dir();
    }

    String node(StateKind kind, String topology) {
        return family(kind) + "/" + checkName(topology);
    }

    String locks() {
        return root + "/" + LOCKS;
    }

    String lock(String topology) {
        return locks() + "/" + checkName(topology);
    }

    /** Every family directory, in creation order. */
    List<String> families() {
        List<String> all = new ArrayList<>();
        for (StateKind kind : StateKind.values()) {
            all.add(family(kind));
        }
        all.add(locks());
        return all;
    }

    private static String checkName(String topology) {
        if (topology.isEmpty() || topology.contains("/") || topology.equals(".") || topology.equals("..")) {
            throw new IllegalArgumentException("'" + topology + "' cannot name a znode");
        }
        return topology;
    }
}

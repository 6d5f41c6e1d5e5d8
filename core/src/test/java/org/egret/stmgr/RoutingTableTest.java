package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private final RoutingTable table =
            RoutingTable.of(TestPlans.plan(3, new int[] {1, 2}, new int[] {3, 4}, new int[] {5}), "stmgr-2");

    @Test
    void knowsLocalTasks() {
        assertEquals(Set.of(3, 4), table.localTasks());
        assertTrue(table.isLocal(3));
        assertTrue(table.isLocal(4));
        assertFalse(table.isLocal(1));
        assertFalse(table.isLocal(99));
        assertFalse(table.isLocal(-1));
    }

    @Test
    void knowsTheOwnerOfRemoteTasks() {
        assertEquals("stmgr-1", table.ownerOf(2));
        assertEquals("stmgr-3", table.ownerOf(5));
        assertEquals("stmgr-2", table.ownerOf(4));
        assertNull(table.ownerOf(0));
        assertNull(table.ownerOf(6));
    }

    @Test
    void peersAreTheOtherStreamManagers() {
        assertEquals(Set.of("stmgr-1", "stmgr-3"), table.peers().keySet());
        assertEquals(10003, table.peers().get("stmgr-3").getDataPort());
        assertEquals(3, table.version());
    }
}

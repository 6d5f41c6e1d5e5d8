package org.egret.packing;

import static org.egret.packing.TestTopologies.component;
import static org.egret.packing.TestTopologies.topology;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.egret.proto.Topology;
import org.junit.jupiter.api.Test;

class TaskIdsTest {

    @Test
    void componentsAreNumberedInNameOrderFromOne() {
        // Declared out of order on purpose: ids follow names, not declaration order.
        Topology t = topology("words")
                .addComponents(component("split", 3))
                .addComponents(component("count", 2))
                .addComponents(component("spout", 1))
                .build();

        Map<String, List<Integer>> ids = TaskIds.assign(t);

        assertEquals(List.of("count", "split", "spout"), List.copyOf(ids.keySet()));
        assertEquals(List.of(1, 2), ids.get("count"));
        assertEquals(List.of(3, 4, 5), ids.get("split"));
        assertEquals(List.of(6), ids.get("spout"));
    }

    @Test
    void tasksCarryTheirComponentIndex() {
        Topology t = topology("t")
                .addComponents(component("b", 2))
                .addComponents(component("a", 2))
                .build();

        assertEquals(
                List.of(
                        new TaskIds.Task("a", 1, 0),
                        new TaskIds.Task("a", 2, 1),
                        new TaskIds.Task("b", 3, 0),
                        new TaskIds.Task("b", 4, 1)),
                TaskIds.tasks(t));
    }

    @Test
    void namesSortByStringOrderSoUpperCaseComesFirst() {
        Topology t = topology("t")
                .addComponents(component("bolt", 1))
                .addComponents(component("Spout", 1))
                .addComponents(component("__x", 1))
                .build();

        assertEquals(
                List.of("Spout", "__x", "bolt"), List.copyOf(TaskIds.assign(t).keySet()));
    }

    @Test
    void zeroTasksIsRejectedNamingTheComponent() {
        Topology t = topology("t")
                .addComponents(component("ok", 1))
                .addComponents(component("empty", 0))
                .build();

        PackingException e = assertThrows(PackingException.class, () -> TaskIds.tasks(t));
        assertTrue(e.getMessage().contains("component 'empty' has 0 tasks"), e.getMessage());
    }

    @Test
    void negativeTasksIsRejected() {
        Topology t = topology("t").addComponents(component("neg", -2)).build();

        PackingException e = assertThrows(PackingException.class, () -> TaskIds.assign(t));
        assertTrue(e.getMessage().contains("component 'neg' has -2 tasks"), e.getMessage());
    }

    @Test
    void emptyTopologyIsRejected() {
        PackingException e = assertThrows(
                PackingException.class, () -> TaskIds.tasks(topology("nothing").build()));
        assertEquals("topology 'nothing' has no components", e.getMessage());
    }

    @Test
    void duplicateComponentNamesAreRejected() {
        Topology t = topology("t")
                .addComponents(component("x", 1))
                .addComponents(component("x", 2))
                .build();

        PackingException e = assertThrows(PackingException.class, () -> TaskIds.tasks(t));
        assertTrue(e.getMessage().contains("two components named 'x'"), e.getMessage());
    }
}

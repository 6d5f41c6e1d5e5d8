package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.storm.daemon.GrouperFactory;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Grouping;
import org.apache.storm.grouping.LoadAwareCustomStreamGrouping;
import org.apache.storm.tuple.Fields;
import org.junit.jupiter.api.Test;

/** Egret's fields grouping picks, for any values, the task that Storm's own grouper picks. */
class FieldsGroupingTest {
    private static final Fields OUT = new Fields("word", "n", "blob", "ints", "nested");

    @Test
    void choosesAsStormsGrouperForAnyValues() {
        SplittableRandom random = new SplittableRandom(7);
        List<List<String>> groupings =
                List.of(List.of("word"), List.of("n", "word"), List.of("blob", "ints", "nested"), List.of("nested"));
        for (List<String> fields : groupings) {
            for (List<Integer> targets : List.of(List.of(4), List.of(9, 3, 12), List.of(2, 3, 5, 7, 11, 13, 17))) {
                LoadAwareCustomStreamGrouping storm = GrouperFactory.mkGrouper(
                        null, "src", "s", OUT, Grouping.fields(fields), targets, new HashMap<>());
                FieldsGrouping ours = FieldsGrouping.of(OUT, fields);
                ours.prepare(null, new GlobalStreamId("src", "s"), targets);
                Set<Integer> chosen = new HashSet<>();
                for (int i = 0; i < 5000; i++) {
                    List<Object> values = values(random);
                    List<Integer> expected = storm.chooseTasks(1, values);
                    assertEquals(expected, ours.chooseTasks(1, values), () -> fields + " of " + values);
                    chosen.addAll(expected);
                }
                assertEquals(new HashSet<>(targets), chosen, "the values reach every target task");
            }
        }
    }

    @Test
    void aFieldTheStreamDoesNotDeclareIsLeftToStorm() {
        assertNull(FieldsGrouping.of(OUT, List.of("word", "missing")));
        assertNull(FieldsGrouping.of(OUT, List.of()), "no fields is Storm's global grouping");
        assertTrue(FieldsGrouping.of(OUT, List.of("n")) != null);
    }

    private static List<Object> values(SplittableRandom r) {
        List<Object> v = new ArrayList<>();
        v.add(r.nextInt(10) == 0 ? null : "w" + r.nextInt(100_000));
        v.add(r.nextBoolean() ? (Object) r.nextLong() : (Object) r.nextInt());
        byte[] blob = new byte[r.nextInt(6)];
        r.nextBytes(blob);
        v.add(blob);
        v.add(new int[] {r.nextInt(), r.nextInt(3)});
        v.add(new Object[] {"x" + r.nextInt(50), new long[] {r.nextLong()}, List.of(r.nextInt(9))});
        return v;
    }
}

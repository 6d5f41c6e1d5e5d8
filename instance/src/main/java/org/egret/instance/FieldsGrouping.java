package org.egret.instance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.grouping.LoadAwareCustomStreamGrouping;
import org.apache.storm.grouping.LoadMapping;
import org.apache.storm.task.WorkerTopologyContext;
import org.apache.storm.tuple.Fields;

/**
 * Storm's fields grouping with the grouping fields' positions in the output resolved once. Storm's
 * grouper looks each field up by name on every emit ({@code Fields.select}), which took a sixth of a
 * WordCount spout's thread. The task chosen is Storm's: the floor modulus of {@code
 * Arrays.deepHashCode} of the selected values over the sorted target tasks.
 */
final class FieldsGrouping implements LoadAwareCustomStreamGrouping {
    private static final long serialVersionUID = 1L;

    private final int[] positions;
    private List<List<Integer>> targets = List.of();

    private FieldsGrouping(int[] positions) {
        this.positions = positions;
    }

    /** The grouping on {@code groupFields} of {@code outFields}; null when a field is not among them. */
    static FieldsGrouping of(Fields outFields, List<String> groupFields) {
        int[] positions = new int[groupFields.size()];
        for (int i = 0; i < positions.length; i++) {
            if (!outFields.contains(groupFields.get(i))) {
                return null; // left to Storm's grouper, which fails such an emit its own way
            }
            positions[i] = outFields.fieldIndex(groupFields.get(i));
        }
        return positions.length == 0 ? null : new FieldsGrouping(positions);
    }

    @Override
    public void prepare(WorkerTopologyContext context, GlobalStreamId stream, List<Integer> targetTasks) {
        List<List<Integer>> t = new ArrayList<>(targetTasks.size());
        // sorted, as GrouperFactory.mkGrouper hands them to Storm's grouper
        for (Integer task : targetTasks.stream().sorted().toList()) {
            t.add(Collections.singletonList(task));
        }
        targets = t;
    }

    @Override
    public List<Integer> chooseTasks(int taskId, List<Object> values) {
        Object[] key = new Object[positions.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = values.get(positions[i]);
        }
        return targets.get(Math.floorMod(Arrays.deepHashCode(key), targets.size()));
    }

    @Override
    public void refreshLoad(LoadMapping loadMapping) {}
}

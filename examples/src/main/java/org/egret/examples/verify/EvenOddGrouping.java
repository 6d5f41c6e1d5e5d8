package org.egret.examples.verify;

import java.util.List;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.grouping.CustomStreamGrouping;
import org.apache.storm.task.WorkerTopologyContext;

/** A custom grouping: even ids go to the first target task, odd ids to the last. */
public final class EvenOddGrouping implements CustomStreamGrouping {
    private List<Integer> targets;

    @Override
    public void prepare(WorkerTopologyContext context, GlobalStreamId stream, List<Integer> targetTasks) {
        targets = targetTasks.stream().sorted().toList();
    }

    @Override
    public List<Integer> chooseTasks(int taskId, List<Object> values) {
        long id = ((Number) values.get(0)).longValue();
        return List.of(id % 2 == 0 ? targets.get(0) : targets.get(targets.size() - 1));
    }
}

package org.egret.instance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.storm.daemon.GrouperFactory;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.Grouping;
import org.apache.storm.generated.StreamInfo;
import org.apache.storm.grouping.LoadAwareCustomStreamGrouping;
import org.apache.storm.task.WorkerTopologyContext;
import org.apache.storm.tuple.Fields;

/**
 * Resolves the destination tasks of one component's emits with Storm's own groupers
 * ({@link GrouperFactory#mkGrouper}), synchronously, as Storm's executor does; fields groupings use
 * {@link FieldsGrouping}, which chooses as Storm's does.
 */
final class Router {
    private final String component;
    private final int taskId;
    private final WorkerTopologyContext context;
    /** stream -> (target component -> grouper); an empty map for a declared stream nobody reads. */
    private final Map<String, Map<String, LoadAwareCustomStreamGrouping>> groupers = new HashMap<>();

    private final Map<String, List<LoadAwareCustomStreamGrouping>> perStream = new HashMap<>();
    private final Map<String, Boolean> directStreams = new HashMap<>();
    private String lastStream;
    private List<LoadAwareCustomStreamGrouping> lastGroupers;

    public Router(WorkerTopologyContext context, String component, int taskId, Map<String, Object> conf) {
        this.component = component;
        this.taskId = taskId;
        this.context = context;
        for (Map.Entry<String, StreamInfo> s :
                context.getComponentCommon(component).get_streams().entrySet()) {
            groupers.put(s.getKey(), new HashMap<>());
            directStreams.put(s.getKey(), s.getValue().is_direct());
        }
        for (String other : context.getComponentIds()) {
            for (Map.Entry<GlobalStreamId, Grouping> in :
                    context.getComponentCommon(other).get_inputs().entrySet()) {
                if (!in.getKey().get_componentId().equals(component)) {
                    continue;
                }
                String stream = in.getKey().get_streamId();
                Fields outFields = context.getComponentOutputFields(component, stream);
                List<Integer> targets = context.getComponentTasks(other);
                Grouping grouping = in.getValue();
                LoadAwareCustomStreamGrouping g =
                        grouping.is_set_fields() ? FieldsGrouping.of(outFields, grouping.get_fields()) : null;
                if (g != null) {
                    g.prepare(context, new GlobalStreamId(component, stream), targets);
                } else {
                    g = GrouperFactory.mkGrouper(context, component, stream, outFields, grouping, targets, conf);
                }
                groupers.computeIfAbsent(stream, k -> new HashMap<>()).put(other, g);
            }
        }
        groupers.forEach((stream, byComp) -> perStream.put(stream, new ArrayList<>(byComp.values())));
    }

    /** Destination tasks of a regular emit. */
    public List<Integer> route(String stream, List<Object> values) {
        List<LoadAwareCustomStreamGrouping> gs;
        // most components emit on one stream, usually the same String instance: skip the map then
        if (stream == lastStream) {
            gs = lastGroupers;
        } else {
            gs = perStream.get(stream);
            lastStream = stream;
            lastGroupers = gs;
        }
        if (gs == null) {
            throw new IllegalArgumentException("Unknown stream ID: " + stream + " (component " + component
                    + " declares " + groupers.keySet() + ")");
        }
        if (gs.size() == 1) {
            LoadAwareCustomStreamGrouping g = gs.get(0);
            checkNotDirect(g, stream);
            List<Integer> r = g.chooseTasks(taskId, values);
            return r == null ? new ArrayList<>(0) : new ArrayList<>(r);
        }
        List<Integer> out = new ArrayList<>();
        for (LoadAwareCustomStreamGrouping g : gs) {
            checkNotDirect(g, stream);
            List<Integer> r = g.chooseTasks(taskId, values);
            if (r != null) {
                out.addAll(r);
            }
        }
        return out;
    }

    private static void checkNotDirect(LoadAwareCustomStreamGrouping g, String stream) {
        if (g == GrouperFactory.DIRECT) {
            throw new IllegalArgumentException("Cannot do regular emit to direct stream " + stream);
        }
    }

    /** Destination of an emitDirect: the task itself, or none if its component does not read the stream. */
    public List<Integer> routeDirect(int target, String stream, List<Object> values) {
        Boolean direct = directStreams.get(stream);
        if (direct == null) {
            throw new IllegalArgumentException("Unknown stream ID: " + stream + " (component " + component + ")");
        }
        if (!direct) {
            throw new IllegalArgumentException("Cannot emitDirect to stream " + stream
                    + ": it is not declared direct (declareStream(id, true, fields))");
        }
        String targetComponent = context.getComponentId(target);
        LoadAwareCustomStreamGrouping g =
                targetComponent == null ? null : groupers.get(stream).get(targetComponent);
        if (g == null) {
            return new ArrayList<>(0);
        }
        if (g != GrouperFactory.DIRECT) {
            throw new IllegalArgumentException("Cannot emitDirect to a task expecting a regular grouping");
        }
        return new ArrayList<>(Collections.singletonList(target));
    }

    public boolean isDirect(String stream) {
        return Boolean.TRUE.equals(directStreams.get(stream));
    }
}

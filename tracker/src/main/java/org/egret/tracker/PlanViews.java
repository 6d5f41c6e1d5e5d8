package org.egret.tracker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.egret.proto.Component;
import org.egret.proto.ComponentKind;
import org.egret.proto.InputStream;
import org.egret.proto.InstanceLocation;
import org.egret.proto.OutputStream;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.StMgrLocation;
import org.egret.proto.Topology;

/**
 * JSON shapes of the plans. Built by hand rather than printed from the protos because the protos
 * carry the topology's config ({@code config_json}), which may hold secrets (credentials, ZooKeeper
 * auth payloads): the Tracker never serves it.
 */
final class PlanViews {
    private PlanViews() {}

    static Map<String, Object> logical(Topology t) {
        List<Object> spouts = new ArrayList<>();
        List<Object> bolts = new ArrayList<>();
        List<Object> edges = new ArrayList<>();
        for (Component c : t.getComponentsList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.getName());
            m.put("kind", c.getKind() == ComponentKind.SPOUT ? "spout" : "bolt");
            m.put("parallelism", c.getParallelism());
            m.put("tasks", c.getTasks());
            List<Object> outs = new ArrayList<>();
            for (OutputStream o : c.getOutputsList()) {
                outs.add(Map.of("stream", o.getStream(), "fields", o.getFieldsList(), "direct", o.getDirect()));
            }
            m.put("outputs", outs);
            List<Object> ins = new ArrayList<>();
            for (InputStream in : c.getInputsList()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("from", in.getComponent());
                e.put("to", c.getName());
                e.put("stream", in.getStream());
                e.put("grouping", in.getGrouping().name().toLowerCase(Locale.ROOT));
                e.put("fields", in.getFieldsList());
                ins.add(e);
                edges.add(e);
            }
            m.put("inputs", ins);
            m.put(
                    "resources",
                    Map.of(
                            "ram_mb",
                            c.getResources().getRamMb(),
                            "cpu",
                            c.getResources().getCpu(),
                            "disk_mb",
                            c.getResources().getDiskMb()));
            (c.getKind() == ComponentKind.SPOUT ? spouts : bolts).add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", t.getName());
        out.put("id", t.getId());
        out.put("state", t.getState().name());
        out.put("spouts", spouts);
        out.put("bolts", bolts);
        out.put("edges", edges);
        return out;
    }

    static Map<String, Object> physical(PhysicalPlan p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", p.getVersion());
        out.put("state", p.getTopology().getState().name());
        Map<String, Integer> containerOf = new LinkedHashMap<>();
        Map<Integer, Map<String, Object>> containers = new TreeMap<>();
        List<Object> stmgrs = new ArrayList<>();
        for (StMgrLocation s : p.getStmgrsList()) {
            containerOf.put(s.getId(), s.getContainer());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.getId());
            m.put("container", s.getContainer());
            m.put("host", s.getHost());
            m.put("port", s.getDataPort());
            m.put("pid", s.getPid());
            stmgrs.add(m);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", s.getContainer());
            c.put("stmgr", s.getId());
            c.put("host", s.getHost());
            c.put("instances", new ArrayList<>());
            containers.put(s.getContainer(), c);
        }
        List<Object> instances = new ArrayList<>();
        for (InstanceLocation i : p.getInstancesList()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("component", i.getComponent());
            m.put("task", i.getTaskId());
            m.put("index", i.getComponentIndex());
            m.put("stmgr", i.getStmgrId());
            Integer container = containerOf.get(i.getStmgrId());
            m.put("container", container);
            instances.add(m);
            if (container != null) {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) containers.get(container).get("instances");
                list.add(m);
            }
        }
        out.put("stmgrs", stmgrs);
        out.put("instances", instances);
        out.put("containers", new ArrayList<>(containers.values()));
        return out;
    }
}

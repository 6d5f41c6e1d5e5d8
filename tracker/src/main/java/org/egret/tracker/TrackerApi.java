package org.egret.tracker;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.egret.proto.ExecutionState;
import org.egret.proto.InstanceLocation;
import org.egret.proto.MetricSeries;
import org.egret.proto.MetricsQueryRequest;
import org.egret.proto.MetricsQueryResponse;
import org.egret.proto.PackingPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.SchedulerLocation;
import org.egret.proto.SourceMetrics;
import org.egret.proto.TMasterLocation;
import org.egret.proto.Topology;
import org.egret.statemgr.StateKind;

/**
 * The JSON endpoints under {@code /api}. Each method answers one path; every answer about a
 * topology first checks it exists, so a topology killed mid-request is a 404.
 */
final class TrackerApi {
    /** What the topology page needs, fetched in one TM request. */
    static final List<String> OVERVIEW_METRICS = List.of(
            "emitted",
            "executed",
            "acked",
            "failed",
            "timed-out",
            "errors",
            "complete-latency-us",
            "execute-latency-us",
            "*backpressure*",
            "tuples-in",
            "tuples-out");

    private static final long MAX_WINDOW_S = 7 * 24 * 3600;

    private final StateReader state;
    private final TMasterMetricsClient tmasters;
    private final LogFiles logs;
    private final String cluster;

    TrackerApi(StateReader state, TMasterMetricsClient tmasters, LogFiles logs, String cluster) {
        this.state = state;
        this.tmasters = tmasters;
        this.logs = logs;
        this.cluster = cluster;
    }

    /** Routes {@code /api/...}; returns the JSON body. */
    Object route(List<String> path, String query) {
        if (path.equals(List.of("topologies"))) {
            new Params(query, Set.of());
            List<Object> list = new ArrayList<>();
            for (String name : state.names()) {
                summary(name).ifPresent(list::add);
            }
            return Map.of("cluster", cluster, "topologies", list);
        }
        if (path.size() < 2 || !path.get(0).equals("topologies")) {
            throw ApiException.notFound("no such endpoint");
        }
        String name = Params.name("topology", path.get(1));
        String what = path.size() == 2 ? "" : path.get(2);
        if (path.size() > 3 && !what.equals("logs")) {
            throw ApiException.notFound("no such endpoint");
        }
        return switch (what) {
            case "" -> {
                new Params(query, Set.of());
                yield summary(name).orElseThrow(() -> ApiException.notFound("no topology '" + name + "'"));
            }
            case "logicalplan" -> {
                new Params(query, Set.of());
                yield PlanViews.logical(state.require(StateKind.TOPOLOGIES, name, Topology.parser()));
            }
            case "physicalplan" -> {
                new Params(query, Set.of());
                yield PlanViews.physical(state.require(StateKind.PHYSICAL_PLANS, name, PhysicalPlan.parser()));
            }
            case "packingplan" -> proto(query, state.require(StateKind.PACKING_PLANS, name, PackingPlan.parser()));
            case "executionstate" ->
                proto(query, state.require(StateKind.EXECUTION_STATE, name, ExecutionState.parser()));
            case "schedulerlocation" ->
                proto(query, state.require(StateKind.SCHEDULERS, name, SchedulerLocation.parser()));
            case "tmasterlocation" -> proto(query, state.require(StateKind.TMASTERS, name, TMasterLocation.parser()));
            case "metrics" -> metrics(name, query);
            case "exceptions" -> exceptions(name, query);
            case "overview" -> overview(name, query);
            case "logs" -> path.size() == 3 ? logList(name, query) : null;
            default -> throw ApiException.notFound("no such endpoint '" + what + "'");
        };
    }

    private Object proto(String query, Message m) {
        new Params(query, Set.of());
        return new Json.Proto(m);
    }

    Optional<Map<String, Object>> summary(String name) {
        Optional<Topology> t = state.optional(StateKind.TOPOLOGIES, name, Topology.parser());
        Optional<ExecutionState> es = state.optional(StateKind.EXECUTION_STATE, name, ExecutionState.parser());
        if (t.isEmpty() && es.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put(
                "id",
                t.map(Topology::getId)
                        .orElse(es.map(ExecutionState::getTopologyId).orElse("")));
        m.put(
                "state",
                t.map(x -> x.getState().name())
                        .orElse(es.map(x -> x.getState().name()).orElse("UNKNOWN")));
        m.put("cluster", es.map(ExecutionState::getCluster).orElse(cluster));
        m.put("user", es.map(ExecutionState::getUser).orElse(""));
        m.put("submission_time_ms", es.map(ExecutionState::getSubmissionTimeMs).orElse(0L));
        m.put("components", t.map(Topology::getComponentsCount).orElse(0));
        m.put(
                "instances",
                t.map(x -> x.getComponentsList().stream()
                                .mapToInt(c -> c.getTasks())
                                .sum())
                        .orElse(0));
        m.put(
                "tmaster",
                state.optional(StateKind.TMASTERS, name, TMasterLocation.parser())
                        .map(l -> (Object) Map.of("host", l.getHost(), "port", l.getServerPort(), "pid", l.getPid()))
                        .orElse(null));
        m.put(
                "scheduler",
                state.optional(StateKind.SCHEDULERS, name, SchedulerLocation.parser())
                        .map(l -> (Object) Map.of("host", l.getHost(), "port", l.getPort(), "pid", l.getPid()))
                        .orElse(null));
        return Optional.of(m);
    }

    private Object metrics(String name, String query) {
        Params p = new Params(query, Set.of("component", "task", "names", "window", "timeline"));
        long windowS = p.number("window", 60, 1, MAX_WINDOW_S);
        MetricsQueryRequest.Builder req = MetricsQueryRequest.newBuilder()
                .setWindowMs(windowS * 1000)
                .setTimeline(p.flag("timeline"))
                .addAllNames(p.list("names"));
        String component = p.string("component", "");
        if (!component.isEmpty()) {
            checkComponent(name, Params.name("component", component));
            req.setComponent(component);
        }
        for (String t : p.list("task")) {
            try {
                req.addTaskIds(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("parameter 'task' must be task ids, got '" + t + "'");
            }
        }
        MetricsQueryResponse r = tmasters.query(name, req.build());
        return MetricsView.render(r, windowS * 1000, p.flag("timeline"));
    }

    private Object exceptions(String name, String query) {
        Params p = new Params(query, Set.of("component", "task"));
        MetricsQueryRequest.Builder req =
                MetricsQueryRequest.newBuilder().setExceptions(true).addNames("__none__");
        String component = p.string("component", "");
        if (!component.isEmpty()) {
            checkComponent(name, Params.name("component", component));
            req.setComponent(component);
        }
        long task = p.number("task", -1, -1, Integer.MAX_VALUE);
        if (task >= 0) {
            req.addTaskIds((int) task);
        }
        return Map.of(
                "exceptions",
                MetricsView.exceptions(tmasters.query(name, req.build()).getExceptionsList()));
    }

    /**
     * Everything the topology page shows, with one TM request: plans, metrics aggregated per
     * component and topology (with timelines), per-instance numbers and health, exceptions, logs.
     */
    private Object overview(String name, String query) {
        Params p = new Params(query, Set.of("window"));
        long windowS = p.number("window", 300, 1, MAX_WINDOW_S);
        Map<String, Object> summary =
                summary(name).orElseThrow(() -> ApiException.notFound("no topology '" + name + "'"));
        Topology topology = state.require(StateKind.TOPOLOGIES, name, Topology.parser());
        Optional<PhysicalPlan> pplan = state.optional(StateKind.PHYSICAL_PLANS, name, PhysicalPlan.parser());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("topology", summary);
        out.put("logical", PlanViews.logical(topology));
        out.put("physical", pplan.map(x -> (Object) PlanViews.physical(x)).orElse(null));
        MetricsQueryResponse r = null;
        String metricsError = null;
        try {
            r = tmasters.query(
                    name,
                    MetricsQueryRequest.newBuilder()
                            .setWindowMs(windowS * 1000)
                            .setTimeline(true)
                            .setExceptions(true)
                            .addAllNames(OVERVIEW_METRICS)
                            .build());
        } catch (ApiException e) {
            if (e.status == 404) {
                throw e;
            }
            // The plans are still worth showing while the TM restarts.
            metricsError = e.getMessage();
        }
        out.put("metrics", r == null ? null : MetricsView.render(r, windowS * 1000, false));
        out.put("metrics_error", metricsError);
        out.put("exceptions", r == null ? List.of() : MetricsView.exceptions(r.getExceptionsList()));
        out.put("health", r == null || pplan.isEmpty() ? Map.of() : health(pplan.get(), r));
        out.put("logs", LogFiles.render(logs.list(name), logLinks(name)));
        return out;
    }

    /** Per task: ok, stale (no recent report), unknown (never reported), error; and back pressure. */
    static Map<String, Object> health(PhysicalPlan plan, MetricsQueryResponse r) {
        long staleMs = Math.max(15000, 2 * r.getBucketMs());
        Map<Integer, SourceMetrics> byTask = new LinkedHashMap<>();
        for (SourceMetrics s : r.getSourcesList()) {
            if (s.getTaskId() >= 0) {
                byTask.put(s.getTaskId(), s);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (InstanceLocation i : plan.getInstancesList()) {
            SourceMetrics s = byTask.get(i.getTaskId());
            String status;
            boolean backPressure = false;
            if (s == null) {
                status = "unknown";
            } else if (r.getNowMs() - s.getLastReportMs() > staleMs) {
                status = "stale";
            } else {
                status = "ok";
                for (MetricSeries m : s.getMetricsList()) {
                    if (m.getName().equals("errors") && m.getValue() > 0) {
                        status = "error";
                    }
                    if (m.getName().toLowerCase(Locale.ROOT).contains("backpressure") && m.getLast() > 0) {
                        backPressure = true;
                    }
                }
            }
            out.put(Integer.toString(i.getTaskId()), Map.of("status", status, "backpressure", backPressure));
        }
        return out;
    }

    private void checkComponent(String topology, String component) {
        Topology t = state.require(StateKind.TOPOLOGIES, topology, Topology.parser());
        if (t.getComponentsList().stream().noneMatch(c -> c.getName().equals(component))) {
            throw ApiException.notFound("topology '" + topology + "' has no component '" + component + "'");
        }
    }

    private Object logList(String name, String query) {
        new Params(query, Set.of());
        state.checkExists(name);
        return Map.of("containers", LogFiles.render(logs.list(name), logLinks(name)));
    }

    /** Where the topology's scheduler says its cluster serves each container's logs (YARN); often none. */
    private Map<Integer, String> logLinks(String name) {
        Map<Integer, String> links = new TreeMap<>();
        state.optional(StateKind.SCHEDULERS, name, SchedulerLocation.parser())
                .ifPresent(l -> l.getContainerLogsList().forEach(c -> links.put(c.getContainer(), c.getUrl())));
        return links;
    }

    /** {@code /api/topologies/<name>/logs/<container>/<file>?bytes=N}: plain text. */
    String logText(String name, String container, String file, String query) {
        Params p = new Params(query, Set.of("bytes"));
        long bytes = p.number("bytes", 256 * 1024, 1, 16 * 1024 * 1024);
        state.checkExists(Params.name("topology", name));
        return logs.tail(name, container, file, bytes);
    }
}

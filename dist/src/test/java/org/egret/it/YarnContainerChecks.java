package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.SchedulerLocation;
import org.egret.proto.TMasterLocation;
import org.egret.runtime.ProcessArguments;

/**
 * What YarnSchedulerIT checks of a running topology's containers on the test bed: which nodes they run
 * on and what their servers advertise, the log links the ApplicationMaster publishes, and the logs
 * YARN aggregates once the application has ended.
 */
final class YarnContainerChecks {
    private final YarnTestbed bed;

    YarnContainerChecks(YarnTestbed bed) {
        this.bed = bed;
    }

    /**
     * The containers run on both NodeManagers, and every server advertises its node's address (YARN's
     * NM_HOST): the TM, each stream manager in the physical plan, the AM's endpoint. None is 127.0.0.1,
     * which on a real cluster would be reachable from no other node. Returns a line for the report.
     */
    String assertSpreadOverNodes(String name, ApplicationReport app) throws Exception {
        Set<String> nodes = new TreeSet<>();
        for (ContainerReport c : bed.executorContainers(app)) {
            nodes.add(c.getAssignedNode().getHost());
        }
        assertEquals(new TreeSet<>(YarnTestbed.NODE_HOSTS), nodes, "the topology's containers run on both nodes");
        PhysicalPlan pplan = PhysicalPlan.parseFrom(bed.zkData("pplans", name));
        Set<String> advertised = new TreeSet<>();
        pplan.getStmgrsList().forEach(sm -> advertised.add(sm.getHost()));
        advertised.add(TMasterLocation.parseFrom(bed.zkData("tmasters", name)).getHost());
        advertised.add(
                SchedulerLocation.parseFrom(bed.zkData("schedulers", name)).getHost());
        assertTrue(YarnTestbed.NODE_HOSTS.containsAll(advertised), "advertised hosts " + advertised);
        return "WordCount containers on nodes " + nodes + "; servers advertise " + advertised;
    }

    /**
     * The AM publishes, for the Tracker, each container's NodeManager log page; the pages answer and
     * list the logs of that container's processes.
     */
    void assertLogLinks(String name, ApplicationReport app, PackingPlan plan) throws Exception {
        Map<Integer, String> links = new TreeMap<>();
        LocalCluster.waitFor("a log link per container", Duration.ofSeconds(30), () -> {
            try {
                links.clear();
                SchedulerLocation.parseFrom(bed.zkData("schedulers", name))
                        .getContainerLogsList()
                        .forEach(l -> links.put(l.getContainer(), l.getUrl()));
            } catch (Exception e) {
                return false;
            }
            return links.size() == plan.getContainersCount() + 1;
        });
        Map<String, ContainerReport> byId = new TreeMap<>();
        bed.executorContainers(app).forEach(c -> byId.put(c.getContainerId().toString(), c));
        for (Map.Entry<Integer, String> l : links.entrySet()) {
            String id = l.getValue().replaceFirst(".*/node/containerlogs/([^/]+)/.*", "$1");
            ContainerReport c = byId.get(id);
            assertNotNull(c, "container " + l.getKey() + " links to " + l.getValue() + ", not one of " + byId.keySet());
            String node = c.getAssignedNode().getHost();
            assertTrue(
                    l.getValue().startsWith("http://" + node + ":"),
                    l.getValue() + " is not on " + node + ", the node that runs " + id);
            // the page answers; what it lists is read from the node's log directory instead, since the two
            // NodeManagers of this one JVM share Guice's static servlet filter and so one web context
            httpGet(l.getValue());
            String process = l.getKey() == 0 ? "executor.log" : "stmgr-" + l.getKey() + ".log";
            Path logs = bed.nodeLogDir(node)
                    .resolve(app.getApplicationId().toString())
                    .resolve(id);
            assertTrue(Files.exists(logs.resolve(process)), logs + " holds no " + process);
        }
    }

    /**
     * YARN's log aggregation collected the log and captured output of every process of every container
     * (they all log into the container's YARN log directory), so {@code yarn logs} shows them all.
     */
    void assertAggregatedLogs(ApplicationReport app, PackingPlan plan) throws Exception {
        Set<String> want = new TreeSet<>(List.of("am.log", "executor.log"));
        for (ContainerPlan c : plan.getContainersList()) {
            want.addAll(List.of("stmgr-" + c.getId() + ".log", "stmgr-" + c.getId() + ".out"));
            c.getInstancesList()
                    .forEach(i -> want.addAll(List.of(
                            "instance-" + i.getTaskId() + "-" + i.getComponent() + ".log",
                            "instance-" + i.getTaskId() + "-" + i.getComponent() + ".out")));
        }
        Map<String, Map<String, String>> logs = new TreeMap<>();
        Set<String> got = new TreeSet<>();
        try {
            LocalCluster.waitFor("aggregated logs of every process", Duration.ofSeconds(60), () -> {
                try {
                    logs.clear();
                    logs.putAll(bed.aggregatedLogs(app.getApplicationId()));
                } catch (Exception e) {
                    return false;
                }
                got.clear();
                logs.values().forEach(files -> got.addAll(files.keySet()));
                return got.containsAll(want);
            });
        } catch (AssertionError e) {
            Set<String> missing = new TreeSet<>(want);
            missing.removeAll(got);
            throw new AssertionError(e.getMessage() + "; missing " + missing + "; aggregated " + got, e);
        }
        for (Map<String, String> files : logs.values()) {
            files.forEach((file, text) -> {
                if (file.startsWith("stmgr-") && file.endsWith(".log")) {
                    assertTrue(text.contains("INFO"), file + " is aggregated but holds no log lines: " + text);
                }
            });
        }
        // each container's own processes are in its own aggregated log, not all in one
        long containersWithStmgr = logs.values().stream()
                .filter(files -> files.keySet().stream().anyMatch(f -> f.startsWith("stmgr-") && f.endsWith(".log")))
                .count();
        assertEquals(plan.getContainersCount(), containersWithStmgr, "containers with a stream manager log: " + got);
    }

    static String httpGet(String url) throws Exception {
        java.net.http.HttpResponse<String> resp = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode(), url);
        return resp.body();
    }

    /** The executor of one container index: "--container <index>" on its command line. */
    static Optional<Long> executorPid(String topology, int index) {
        return ProcessHandle.allProcesses()
                .filter(p -> ProcessArguments.of(p)
                        .map(args -> {
                            int i = args.indexOf("--container");
                            return args.contains("-Degret.topology=" + topology)
                                    && args.contains("-Degret.role=executor")
                                    && i >= 0
                                    && i + 1 < args.size()
                                    && args.get(i + 1).equals(Integer.toString(index));
                        })
                        .orElse(false))
                .map(ProcessHandle::pid)
                .findFirst();
    }
}

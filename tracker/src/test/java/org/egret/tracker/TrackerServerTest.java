package org.egret.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.egret.config.EgretConfig;
import org.egret.proto.Component;
import org.egret.proto.ComponentKind;
import org.egret.proto.ContainerLogLink;
import org.egret.proto.ContainerPlan;
import org.egret.proto.ExecutionState;
import org.egret.proto.GroupingType;
import org.egret.proto.InputStream;
import org.egret.proto.InstancePlan;
import org.egret.proto.MetricSeries;
import org.egret.proto.MetricsQueryRequest;
import org.egret.proto.MetricsQueryResponse;
import org.egret.proto.PackingPlan;
import org.egret.proto.SchedulerLocation;
import org.egret.proto.SourceMetrics;
import org.egret.proto.StMgrLocation;
import org.egret.proto.TMasterLocation;
import org.egret.proto.Topology;
import org.egret.security.TopologySecret;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.egret.tmaster.PhysicalPlanBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Tracker's HTTP layer over a real local state manager and a scripted TM. */
class TrackerServerTest {
    @TempDir
    Path dir;

    private StateManager sm;
    private TrackerServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<Runnable> duringTmCall = new AtomicReference<>(() -> {});

    @BeforeEach
    void start() throws Exception {
        sm = StateManagers.open(EgretConfig.fromMap(
                Map.of("egret.statemgr.root", dir.resolve("state").toString())));
        StateReader state = new StateReader(sm);
        TMasterMetricsClient tm = new TMasterMetricsClient(state, EgretConfig.defaults(), Duration.ofSeconds(1)) {
            @Override
            MetricsQueryResponse call(TMasterLocation where, MetricsQueryRequest request) {
                duringTmCall.get().run();
                return MetricsQueryResponse.newBuilder()
                        .setBucketMs(1000)
                        .setNowMs(5000)
                        .addSources(SourceMetrics.newBuilder()
                                .setSource("s/1")
                                .setComponent("s")
                                .setTaskId(1)
                                .setLastReportMs(4900)
                                .addMetrics(MetricSeries.newBuilder()
                                        .setName("emitted")
                                        .setValue(42)
                                        .setLast(2)
                                        .addTimeline(40)
                                        .addTimeline(Double.NaN)
                                        .addTimeline(2)))
                        .build();
            }
        };
        Path logs = dir.resolve("work/t/container-1/logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("instance-1-s.log"), "line one\nline two\n");
        Files.writeString(dir.resolve("work/secret.log"), "secret");
        server = new TrackerServer(
                new TrackerApi(state, tm, new LogFiles(dir.resolve("work")), "local"), state, "127.0.0.1", 0);
        sm.set(
                StateKind.TOPOLOGIES,
                "t",
                Topology.newBuilder()
                        .setName("t")
                        .setId("t-1")
                        .setConfigJson("{\"password\":\"hunter2\"}")
                        .addComponents(Component.newBuilder()
                                .setName("s")
                                .setKind(ComponentKind.SPOUT)
                                .setTasks(1))
                        .addComponents(Component.newBuilder()
                                .setName("b")
                                .setKind(ComponentKind.BOLT)
                                .setTasks(1)
                                .addInputs(InputStream.newBuilder()
                                        .setComponent("s")
                                        .setStream("default")
                                        .setGrouping(GroupingType.SHUFFLE)))
                        .build());
    }

    @AfterEach
    void stop() {
        server.close();
        sm.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertError(int status, String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(status, r.statusCode(), path + " -> " + r.body());
        assertTrue(r.body().startsWith("{") && r.body().contains("\"error\":"), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void servesPlansWithoutTheTopologyConfig() throws Exception {
        HttpResponse<String> r = get("/api/topologies/t/logicalplan");
        assertEquals(200, r.statusCode());
        assertTrue(
                r.body()
                        .contains(
                                "\"edges\":[{\"from\":\"s\",\"to\":\"b\",\"stream\":\"default\",\"grouping\":\"shuffle\""),
                r.body());
        assertFalse(r.body().contains("hunter2"), "config leaked: " + r.body());
        assertTrue(get("/api/topologies").body().contains("\"name\":\"t\""));
    }

    /**
     * Every endpoint, with every state entry present: neither the topology's secret nor any config value
     * (the topology's, a component's, the ZooKeeper auth payload Storm's submitter marks secret) may
     * appear in an answer, whatever the encoding a leak would take.
     */
    @Test
    void noAnswerCarriesTheTopologySecretOrAConfigValue() throws Exception {
        TopologySecret secret = publishEverything();
        byte[] key = secret.keyBytes();
        List<String> forbidden = List.of(
                "hunter2",
                "payload42",
                "sesame77",
                HexFormat.of().formatHex(key),
                Base64.getEncoder().encodeToString(key),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key),
                new String(key, StandardCharsets.ISO_8859_1));
        List<String> paths = new ArrayList<>(List.of("/api/topologies", "/api/topologies/t"));
        for (String what : List.of(
                "logicalplan",
                "physicalplan",
                "packingplan",
                "executionstate",
                "schedulerlocation",
                "tmasterlocation",
                "metrics?timeline=true",
                "exceptions",
                "overview",
                "logs",
                "secrets",
                "config",
                "logs/1/topology.secret",
                "logs/1/..%2Ftopology.secret",
                "logs/1/instance-1-s.log")) {
            paths.add("/api/topologies/t/" + what);
        }
        int answered = 0;
        for (String path : paths) {
            HttpResponse<String> r = get(path);
            answered += r.statusCode() == 200 ? 1 : 0;
            for (String f : forbidden) {
                assertFalse(r.body().contains(f), path + " leaks '" + f + "': " + r.body());
            }
        }
        assertEquals(paths.size() - 4, answered, "every endpoint but the four bogus ones answers");
    }

    /**
     * The API's contract, all state published: each endpoint answers 200 with a JSON object of these
     * fields (docs/tracker-api.md).
     */
    @Test
    void everyEndpointAnswersAJsonObjectWithItsFields() throws Exception {
        publishEverything();
        Map<String, Set<String>> contract = new LinkedHashMap<>();
        contract.put("/api/topologies", Set.of("cluster", "topologies"));
        contract.put(
                "/api/topologies/t",
                Set.of(
                        "name",
                        "id",
                        "state",
                        "cluster",
                        "user",
                        "submission_time_ms",
                        "components",
                        "instances",
                        "tmaster",
                        "scheduler"));
        contract.put("/api/topologies/t/logicalplan", Set.of("id", "name", "state", "spouts", "bolts", "edges"));
        contract.put("/api/topologies/t/physicalplan", Set.of("version", "state", "stmgrs", "containers", "instances"));
        // the state's own records, as protobuf's JSON mapping writes them (lowerCamelCase)
        contract.put("/api/topologies/t/packingplan", Set.of("topologyId", "algorithm", "nextTaskId", "containers"));
        contract.put(
                "/api/topologies/t/executionstate",
                Set.of(
                        "topologyName",
                        "topologyId",
                        "cluster",
                        "user",
                        "state",
                        "submissionTimeMs",
                        "workingDir",
                        "packageUri",
                        "coreUri",
                        "containerFailures",
                        "failure"));
        contract.put(
                "/api/topologies/t/schedulerlocation", Set.of("topologyName", "host", "port", "pid", "containerLogs"));
        contract.put(
                "/api/topologies/t/tmasterlocation",
                Set.of("topologyName", "topologyId", "host", "serverPort", "controllerPort", "pid", "leaseExpiryMs"));
        contract.put(
                "/api/topologies/t/metrics",
                Set.of(
                        "window_ms",
                        "bucket_ms",
                        "now_ms",
                        "start_ms",
                        "topology",
                        "components",
                        "instances",
                        "stmgrs"));
        contract.put("/api/topologies/t/exceptions", Set.of("exceptions"));
        contract.put(
                "/api/topologies/t/overview",
                Set.of("topology", "logical", "physical", "metrics", "metrics_error", "health", "exceptions", "logs"));
        contract.put("/api/topologies/t/logs", Set.of("containers"));
        Map<String, Set<String>> got = new LinkedHashMap<>();
        for (String path : contract.keySet()) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path + " -> " + r.body());
            assertEquals(
                    "application/json", r.headers().firstValue("Content-Type").orElse(""), path);
            Struct.Builder body = Struct.newBuilder();
            JsonFormat.parser().merge(r.body(), body);
            got.put(path, body.getFieldsMap().keySet());
        }
        assertEquals(contract, got);
    }

    @Test
    void badParametersAre4xxWithJson() throws Exception {
        assertError(404, "/api/topologies/nope/logicalplan");
        assertError(400, "/api/topologies/bad%2F..%2Fname/logicalplan");
        assertError(400, "/api/topologies/t/metrics?window=abc");
        assertError(400, "/api/topologies/t/metrics?window=0");
        assertError(400, "/api/topologies/t/metrics?bogus=1");
        assertError(400, "/api/topologies/t/metrics?task=x");
        assertError(404, "/api/topologies/t/metrics?component=nope");
        assertError(404, "/api/topologies/t/nothing");
        assertError(404, "/api/topologies/t/physicalplan"); // not published yet
        assertError(503, "/api/topologies/t/metrics"); // no TM
        assertError(400, "/api/topologies/t/logs/1/..%2F..%2Fsecret.log");
        assertError(400, "/api/topologies/t/logs/x/instance-1-s.log");
        assertError(404, "/api/topologies/t/logs/1/other.log");
        assertEquals(
                405,
                http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + server.port() + "/api/topologies"))
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
    }

    @Test
    void metricsComeFromTheTmWithNullForEmptyBuckets() throws Exception {
        sm.set(
                StateKind.TMASTERS,
                "t",
                TMasterLocation.newBuilder()
                        .setHost("127.0.0.1")
                        .setServerPort(1)
                        .build());
        HttpResponse<String> r = get("/api/topologies/t/metrics?timeline=true&window=3");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(
                r.body()
                        .contains(
                                "\"emitted\":{\"kind\":\"counter\",\"value\":42,\"last\":2,\"timeline\":[40,null,2]}"),
                r.body());
        assertTrue(
                r.body().contains("\"components\":{\"s\":{\"emitted\":{\"kind\":\"counter\",\"value\":42"), r.body());
        HttpResponse<String> log = get("/api/topologies/t/logs/1/instance-1-s.log?bytes=9");
        assertEquals(200, log.statusCode());
        assertEquals("line two\n", log.body());
    }

    @Test
    void aTopologyKilledMidRequestIs404() throws Exception {
        sm.set(
                StateKind.TMASTERS,
                "t",
                TMasterLocation.newBuilder()
                        .setHost("127.0.0.1")
                        .setServerPort(1)
                        .build());
        duringTmCall.set(() -> {
            sm.deleteAll("t");
            throw new IllegalStateException("connection closed before a response");
        });
        assertError(404, "/api/topologies/t/metrics");
        assertError(404, "/api/topologies/t/overview");
    }

    @Test
    void logListHasLocalFilesRolledOnesAndTheSchedulersLinks() throws Exception {
        Files.writeString(dir.resolve("work/t/container-1/logs/instance-1-s.log.1"), "older\n");
        HttpResponse<String> local = get("/api/topologies/t/logs");
        assertEquals(200, local.statusCode(), local.body());
        assertTrue(
                local.body().contains("{\"container\":1,\"files\":[\"instance-1-s.log\",\"instance-1-s.log.1\"]}"),
                local.body());
        assertFalse(local.body().contains("\"url\""), local.body());
        assertEquals(
                "older\n", get("/api/topologies/t/logs/1/instance-1-s.log.1").body());

        // as a YARN ApplicationMaster publishes it: container 0 has no files on this host, only a page
        sm.set(
                StateKind.SCHEDULERS,
                "t",
                SchedulerLocation.newBuilder()
                        .setTopologyName("t")
                        .setHost("h")
                        .setPort(1)
                        .addContainerLogs(ContainerLogLink.newBuilder()
                                .setContainer(0)
                                .setUrl("http://nm:8042/node/containerlogs/container_1_0001_01_000002/egret"))
                        .addContainerLogs(ContainerLogLink.newBuilder()
                                .setContainer(1)
                                .setUrl("http://nm:8042/node/containerlogs/container_1_0001_01_000003/egret"))
                        .build());
        HttpResponse<String> yarn = get("/api/topologies/t/logs");
        assertTrue(
                yarn.body()
                        .contains("{\"container\":0,\"files\":[],"
                                + "\"url\":\"http://nm:8042/node/containerlogs/container_1_0001_01_000002/egret\"}"),
                yarn.body());
        assertTrue(
                yarn.body()
                        .contains("{\"container\":1,\"files\":[\"instance-1-s.log\",\"instance-1-s.log.1\"],"
                                + "\"url\":\"http://nm:8042/node/containerlogs/container_1_0001_01_000003/egret\"}"),
                yarn.body());
    }

    /**
     * Every state entry a running topology has, with config values and the secret in them: the secret
     * in the state and in the container's directory, config in the topology and a component, plans,
     * execution state, TM and scheduler locations.
     */
    private TopologySecret publishEverything() throws Exception {
        TopologySecret secret = TopologySecret.generate();
        secret.store(sm, "t");
        Topology configured = sm.get(StateKind.TOPOLOGIES, "t", Topology.parser()).orElseThrow().toBuilder()
                .setConfigJson(
                        "{\"db.password\":\"hunter2\",\"storm.zookeeper.topology.auth.payload\":\"zk:payload42\"}")
                .setComponents(
                        0,
                        sm.get(StateKind.TOPOLOGIES, "t", Topology.parser()).orElseThrow().getComponents(0).toBuilder()
                                .setConfigJson("{\"api.key\":\"sesame77\"}"))
                .build();
        sm.set(StateKind.TOPOLOGIES, "t", configured);
        PackingPlan packing = PackingPlan.newBuilder()
                .setTopologyId("t-1")
                .addContainers(ContainerPlan.newBuilder()
                        .setId(1)
                        .addInstances(
                                InstancePlan.newBuilder().setComponent("s").setTaskId(1))
                        .addInstances(
                                InstancePlan.newBuilder().setComponent("b").setTaskId(2)))
                .build();
        sm.set(StateKind.PACKING_PLANS, "t", packing);
        PhysicalPlanBuilder plans = new PhysicalPlanBuilder(packing);
        plans.register(StMgrLocation.newBuilder()
                .setId("stmgr-1")
                .setContainer(1)
                .setHost("127.0.0.1")
                .build());
        sm.set(StateKind.PHYSICAL_PLANS, "t", plans.build(configured, 1));
        sm.set(
                StateKind.EXECUTION_STATE,
                "t",
                ExecutionState.newBuilder()
                        .setTopologyName("t")
                        .setTopologyId("t-1")
                        .setWorkingDir(dir.resolve("work/t").toString())
                        .build());
        sm.set(
                StateKind.TMASTERS,
                "t",
                TMasterLocation.newBuilder()
                        .setHost("127.0.0.1")
                        .setServerPort(1)
                        .build());
        sm.set(
                StateKind.SCHEDULERS,
                "t",
                SchedulerLocation.newBuilder()
                        .setTopologyName("t")
                        .setHost("h")
                        .setPort(1)
                        .build());
        // the container's copy of the secret, next to its logs, as the local scheduler writes it
        secret.writeTo(dir.resolve("work/t/container-1/topology.secret"));

        return secret;
    }
}

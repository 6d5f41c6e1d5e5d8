package org.egret.storm.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.utils.Utils;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.egret.runtime.ContainerDirs;
import org.egret.storm.translate.StormJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureTest {
    @TempDir
    static Path jarDir;

    @TempDir
    Path out;

    @BeforeAll
    static void fakeJar() throws Exception {
        Path jar = jarDir.resolve("user.jar");
        Files.write(jar, new byte[] {1, 2, 3});
        System.setProperty("storm.jar", jar.toString());
    }

    Capture.Result run(Class<?> main, Duration timeout, String... args) {
        return new Capture(out, "topo", main.getName(), List.of(args), timeout, false).run();
    }

    String error() throws Exception {
        return Files.readString(out.resolve(Capture.ERROR_FILE)).trim();
    }

    @Test
    void capturesATopology() throws Exception {
        Capture.Result r = run(TestMains.Good.class, Duration.ofSeconds(30), "hello");
        assertTrue(r.ok(), r.error());
        Topology t = Topology.parseFrom(Files.readAllBytes(out.resolve(ContainerDirs.LOGICAL_PLAN)));
        assertEquals("topo", t.getName());
        assertTrue(t.getId().startsWith("topo-"));
        assertEquals(2, t.getRequestedContainers());
        assertEquals(TopologyState.RUNNING, t.getState());
        assertEquals(
                List.of("spout", "bolt"),
                t.getComponentsList().stream().map(c -> c.getName()).toList());
        Map<String, Object> conf = StormJson.parseMap(Files.readString(out.resolve(ContainerDirs.STORM_CONF)));
        assertEquals("hello", conf.get("user.key"));
        assertEquals("topo", conf.get(Config.TOPOLOGY_NAME));
        StormTopology st = Utils.thriftDeserialize(
                StormTopology.class, Files.readAllBytes(out.resolve(ContainerDirs.STORM_TOPOLOGY)));
        assertTrue(st.get_bolts().get("bolt").get_common().get_json_conf().contains("\"topology.tasks\":3"));
        assertFalse(Files.exists(out.resolve(Capture.ERROR_FILE)));
    }

    @Test
    void inactiveSubmissionIsPaused() throws Exception {
        Capture.Result r = run(TestMains.Inactive.class, Duration.ofSeconds(30));
        assertTrue(r.ok(), r.error());
        assertEquals(TopologyState.PAUSED, r.topology().getState());
    }

    @Test
    void missingMainClass() throws Exception {
        Capture.Result r = new Capture(out, "topo", "com.example.Nope", List.of(), Duration.ofSeconds(5), false).run();
        assertEquals(2, r.exitCode());
        assertEquals("main class com.example.Nope not found in the jar", error());
    }

    @Test
    void nameMismatch() throws Exception {
        Capture.Result r = run(TestMains.WrongName.class, Duration.ofSeconds(30));
        assertEquals(2, r.exitCode());
        assertTrue(error().contains("'other-name'") && error().contains("'topo'"), error());
        assertFalse(Files.exists(out.resolve(ContainerDirs.LOGICAL_PLAN)));
    }

    @Test
    void mainThrows() throws Exception {
        Capture.Result r = run(TestMains.Throws.class, Duration.ofSeconds(30));
        assertEquals(2, r.exitCode());
        assertEquals("main threw java.lang.IllegalArgumentException: bad input file", error());
    }

    @Test
    void mainReturnsWithoutSubmitting() throws Exception {
        Capture.Result r = run(TestMains.Returns.class, Duration.ofSeconds(30));
        assertEquals(2, r.exitCode());
        assertEquals("main returned without submitting a topology", error());
    }

    @Test
    void mainTimesOut() throws Exception {
        Capture.Result r = run(TestMains.Hangs.class, Duration.ofMillis(300));
        assertEquals(2, r.exitCode());
        assertTrue(error().startsWith("main did not submit a topology within"), error());
    }

    @Test
    void invalidTopologies() throws Exception {
        Capture.Result r = run(TestMains.UnknownStream.class, Duration.ofSeconds(30));
        assertEquals(2, r.exitCode());
        assertTrue(error().contains("unknown stream 'nope'"), error());
        r = run(TestMains.ZeroTasks.class, Duration.ofSeconds(30));
        assertEquals(2, r.exitCode());
        assertTrue(error().contains("'zero' has 0 tasks"), error());
    }

    @Test
    void javaSerializationNeedsTheClustersConsent() throws Exception {
        Capture.Result r = run(TestMains.JavaSerialization.class, Duration.ofSeconds(30));
        assertEquals(2, r.exitCode());
        assertTrue(
                error().contains("topology.fall.back.on.java.serialization: true is refused")
                        && error().contains("egret.allow.java.serialization"),
                error());
        r = new Capture(
                        out,
                        "topo",
                        TestMains.JavaSerialization.class.getName(),
                        List.of(),
                        Duration.ofSeconds(30),
                        false)
                .allowJavaSerialization(true)
                .run();
        assertEquals(0, r.exitCode(), r.error());
    }
}

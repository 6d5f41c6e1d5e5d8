package org.egret.scheduler.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Secret;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.egret.security.SecretEnvironment;
import org.egret.security.TopologySecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskInfoFactoryTest {
    private static TaskInfoFactory factory(String javaHome) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("egret.statemgr.root", "/tmp/it's state");
        props.put("egret.host", "scheduler-host"); // the submitter's own: never an agent's
        return new TaskInfoFactory(new TaskInfoFactory.Settings(
                "wc",
                "wc-123",
                "mesos",
                URI.create("hdfs://nn:8020/egret/egret.tar.gz"),
                URI.create("file:/pkgs/wc/topology.tar.gz"),
                javaHome,
                256,
                List.of("-XX:+UseSerialGC"),
                props,
                SECRET));
    }

    private static final TopologySecret SECRET = TopologySecret.generate();

    private static Offer offer(String agent, String hostname) {
        return Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue("O1"))
                .setFrameworkId(FrameworkID.newBuilder().setValue("f"))
                .setAgentId(AgentID.newBuilder().setValue(agent))
                .setHostname(hostname)
                .build();
    }

    /** What the shell passes the JVM, one argument per element. */
    private static List<String> argsUnderSh(String command, Path dir) throws Exception {
        String cmd = "printf '%s\\n' " + command.substring("exec ".length());
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", cmd)
                .redirectOutput(dir.resolve("out").toFile());
        pb.environment().putAll(Map.of("MESOS_SANDBOX", "/sand box", "JAVA_HOME", "/opt/jdk"));
        assertEquals(0, pb.start().waitFor());
        return Files.readAllLines(dir.resolve("out"));
    }

    @Test
    void buildsACommandTaskWithBothPackagesAsFetcherUris() {
        AgentID agent = AgentID.newBuilder().setValue("S1").build();
        TaskInfo t = factory("")
                .build("egret.wc.c2.a1", 2, offer("S1", "10.0.0.7"), List.of(OfferMatcherTest.scalar("cpus", 1)));
        assertEquals("egret.wc.c2.a1", t.getTaskId().getValue());
        assertEquals(agent, t.getAgentId());
        assertEquals(List.of(OfferMatcherTest.scalar("cpus", 1)), t.getResourcesList());
        assertTrue(t.getCommand().getShell());
        assertEquals(2, t.getCommand().getUrisCount());
        assertTrue(t.getCommand().getUris(0).getExtract());
        assertTrue(t.getCommand().getUris(0).getCache(), "a remote core package is cached by the fetcher");
        assertFalse(t.getCommand().getUris(1).getExtract());
        String cmd = t.getCommand().getValue();
        assertTrue(cmd.startsWith("exec "), cmd);
        assertTrue(cmd.contains("org.egret.executor.ExecutorMain"), cmd);
        assertTrue(cmd.contains("'--container' '2'"), cmd);
    }

    /** The secret travels as a Mesos VALUE secret in a SECRET variable, and nowhere in the command. */
    @Test
    void theTopologySecretIsASecretEnvironmentVariableNeverInTheCommand() {
        TaskInfo t =
                factory("").build("egret.wc.c1.a1", 1, offer("S1", "h1"), List.of(OfferMatcherTest.scalar("cpus", 1)));
        List<Environment.Variable> vars = t.getCommand().getEnvironment().getVariablesList();
        assertEquals(1, vars.size(), vars.toString());
        Environment.Variable v = vars.get(0);
        assertEquals(SecretEnvironment.VARIABLE, v.getName());
        assertEquals(Environment.Variable.Type.SECRET, v.getType());
        assertFalse(v.hasValue(), "a SECRET variable carries no plain value");
        assertEquals(Secret.Type.VALUE, v.getSecret().getType());
        String encoded = v.getSecret().getValue().getData().toStringUtf8();
        assertEquals(
                SECRET,
                SecretEnvironment.read(Map.of(SecretEnvironment.VARIABLE, encoded))
                        .orElseThrow());
        assertFalse(t.getCommand().getValue().contains(encoded), "the secret is not in the command");
    }

    /** The command really runs under sh: the placeholders expand, and quoting survives odd values. */
    @Test
    void theShellSeesTheSandboxJavaHomeAndExactArguments(@TempDir Path dir) throws Exception {
        List<String> args = argsUnderSh(factory("").shellCommand(3, List.of(), "10.0.0.7"), dir);
        assertEquals("/opt/jdk/bin/java", args.get(0));
        assertTrue(args.contains("/sand box/lib/*"), args.toString());
        assertTrue(args.contains("file:///sand box/topology.tar.gz"), args.toString());
        assertTrue(args.contains("egret.statemgr.root=/tmp/it's state"), args.toString());
        assertTrue(args.contains("-Degret.role=executor"), args.toString());
    }

    @Test
    void theExecutorIsToldThePortsTheTaskWasOffered() {
        org.apache.mesos.v1.Protos.Resource ports = org.apache.mesos.v1.Protos.Resource.newBuilder()
                .setName("ports")
                .setType(org.apache.mesos.v1.Protos.Value.Type.RANGES)
                .setRanges(org.apache.mesos.v1.Protos.Value.Ranges.newBuilder()
                        .addRange(org.apache.mesos.v1.Protos.Value.Range.newBuilder()
                                .setBegin(31000)
                                .setEnd(31001))
                        .addRange(org.apache.mesos.v1.Protos.Value.Range.newBuilder()
                                .setBegin(31005)
                                .setEnd(31005)))
                .build();
        assertEquals(List.of(31000L, 31001L, 31005L), TaskInfoFactory.offeredPorts(List.of(ports)));
        TaskInfo t = factory("")
                .build("egret.wc.c1.a1", 1, offer("S1", "h1"), List.of(OfferMatcherTest.scalar("cpus", 1), ports));
        assertTrue(
                t.getCommand().getValue().contains("'--ports' '31000,31001,31005'"),
                t.getCommand().getValue());
        assertFalse(factory("").shellCommand(1, List.of(), "h1").contains("--ports"), "no ports offered, none named");
    }

    /** Each container's servers bind and advertise its agent's address, whatever the submitter's config says. */
    @Test
    void theExecutorsHostIsTheOfferedAgentsHostname(@TempDir Path dir) throws Exception {
        TaskInfoFactory f = factory("");
        List<String> onA = argsUnderSh(
                f.build("egret.wc.c1.a1", 1, offer("S1", "127.0.0.21"), List.of(OfferMatcherTest.scalar("cpus", 1)))
                        .getCommand()
                        .getValue(),
                dir);
        assertTrue(onA.contains("egret.host=127.0.0.21"), onA.toString());
        assertEquals(1, onA.stream().filter(a -> a.startsWith("egret.host=")).count(), onA.toString());
        assertEquals("--config-property", onA.get(onA.indexOf("egret.host=127.0.0.21") - 1));
        assertTrue(onA.contains("egret.statemgr.root=/tmp/it's state"), "other properties stay: " + onA);

        // a relaunch of the same container on another agent takes that agent's hostname
        List<String> onB = argsUnderSh(
                f.build(
                                "egret.wc.c1.a2",
                                1,
                                offer("S2", "agent-2.example.org"),
                                List.of(OfferMatcherTest.scalar("cpus", 1)))
                        .getCommand()
                        .getValue(),
                dir);
        assertTrue(onB.contains("egret.host=agent-2.example.org"), onB.toString());
        assertFalse(onB.contains("egret.host=127.0.0.21"), onB.toString());
    }
}

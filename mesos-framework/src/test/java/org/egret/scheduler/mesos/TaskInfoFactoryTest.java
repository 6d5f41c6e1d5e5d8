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
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskInfoFactoryTest {
  private static TaskInfoFactory factory(String javaHome) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("egret.statemgr.root", "/tmp/it's state");
    return new TaskInfoFactory(new TaskInfoFactory.Settings("wc", "wc-123", "mesos",
        URI.create("hdfs://nn:8020/egret/egret.tar.gz"), URI.create("file:/pkgs/wc/topology.tar.gz"), javaHome, 256,
        List.of("-XX:+UseSerialGC"), props));
  }

  @Test
  void buildsACommandTaskWithBothPackagesAsFetcherUris() {
    AgentID agent = AgentID.newBuilder().setValue("S1").build();
    TaskInfo t = factory("").build("egret.wc.c2.a1", 2, agent, List.of(OfferMatcherTest.scalar("cpus", 1)));
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

  /** The command really runs under sh: the placeholders expand, and quoting survives odd values. */
  @Test
  void theShellSeesTheSandboxJavaHomeAndExactArguments(@TempDir Path dir) throws Exception {
    String cmd = "printf '%s\\n' " + factory("").shellCommand(3).substring("exec ".length());
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", cmd).redirectOutput(dir.resolve("out").toFile());
    pb.environment().putAll(Map.of("MESOS_SANDBOX", "/sand box", "JAVA_HOME", "/opt/jdk"));
    assertEquals(0, pb.start().waitFor());
    List<String> args = Files.readAllLines(dir.resolve("out"));
    assertEquals("/opt/jdk/bin/java", args.get(0));
    assertTrue(args.contains("/sand box/lib/*"), args.toString());
    assertTrue(args.contains("file:///sand box/topology.tar.gz"), args.toString());
    assertTrue(args.contains("egret.statemgr.root=/tmp/it's state"), args.toString());
    assertTrue(args.contains("-Degret.role=executor"), args.toString());
  }

  @Test
  void theExecutorIsToldThePortsTheTaskWasOffered() {
    org.apache.mesos.v1.Protos.Resource ports = org.apache.mesos.v1.Protos.Resource.newBuilder().setName("ports")
        .setType(org.apache.mesos.v1.Protos.Value.Type.RANGES)
        .setRanges(org.apache.mesos.v1.Protos.Value.Ranges.newBuilder()
            .addRange(org.apache.mesos.v1.Protos.Value.Range.newBuilder().setBegin(31000).setEnd(31001))
            .addRange(org.apache.mesos.v1.Protos.Value.Range.newBuilder().setBegin(31005).setEnd(31005)))
        .build();
    assertEquals(List.of(31000L, 31001L, 31005L), TaskInfoFactory.offeredPorts(List.of(ports)));
    TaskInfo t = factory("").build("egret.wc.c1.a1", 1, AgentID.newBuilder().setValue("S1").build(),
        List.of(OfferMatcherTest.scalar("cpus", 1), ports));
    assertTrue(t.getCommand().getValue().contains("'--ports' '31000,31001,31005'"), t.getCommand().getValue());
    assertFalse(factory("").shellCommand(1).contains("--ports"), "no ports offered, none named");
  }
}

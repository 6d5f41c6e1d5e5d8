package org.egret.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.storm.serialization.KryoValuesDeserializer;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.topology.base.BaseRichBolt;
import org.apache.storm.topology.base.BaseRichSpout;
import org.apache.storm.tuple.Fields;
import org.apache.storm.tuple.Tuple;
import org.apache.storm.tuple.Values;
import org.apache.storm.utils.Utils;
import org.egret.net.NetServer;
import org.egret.net.Wire;
import org.egret.net.auth.AuthSettings;
import org.egret.net.frame.TaskBatchFrame;
import org.egret.proto.DataTuple;
import org.egret.proto.PhysicalPlan;
import org.egret.proto.PlanTopology;
import org.egret.proto.RegisterInstanceRequest;
import org.egret.proto.RegisterInstanceResponse;
import org.egret.proto.Status;
import org.egret.proto.TaskBatch;
import org.egret.proto.TopologyState;
import org.egret.runtime.ContainerDirs;
import org.egret.security.TopologySecret;
import org.egret.storm.fixtures.Fixtures;
import org.egret.storm.translate.StormJson;
import org.egret.storm.translate.StormNormalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real instance JVMs (a spout and a bolt) against a fake stream manager that routes by destination task. */
class InstanceProcessTest {
    @TempDir
    Path dir;

    public static class CountSpout extends BaseRichSpout {
        private SpoutOutputCollector collector;
        private long n;

        @Override
        public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void nextTuple() {
            if (n < 100) {
                collector.emit(new Values(n), n);
                n++;
            }
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("n"));
        }
    }

    public static class EchoBolt extends BaseRichBolt {
        private OutputCollector collector;

        @Override
        public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
            this.collector = collector;
        }

        @Override
        public void execute(Tuple input) {
            collector.emit(new Values("echo-" + input.getLongByField("n") + "-from-" + input.getSourceComponent()));
            collector.ack(input);
        }

        @Override
        public void declareOutputFields(OutputFieldsDeclarer declarer) {
            declarer.declare(new Fields("text"));
        }
    }

    @Test
    void spoutToBoltThroughAStreamManager() throws Exception {
        TopologyBuilder b = new TopologyBuilder();
        b.setSpout("count", new CountSpout(), 1);
        b.setBolt("echo", new EchoBolt(), 1).shuffleGrouping("count");
        b.setBolt("sink", new Fixtures.NoopBolt(), 1).shuffleGrouping("echo");
        StormNormalizer.Normalized n = StormNormalizer.normalize("e2e", new HashMap<>(), b.createTopology());
        ContainerDirs dirs = new ContainerDirs(dir.resolve("container"));
        dirs.create();
        Files.createDirectories(dirs.packageDir());
        Files.write(dirs.stormTopology(), Utils.thriftSerialize(n.topology()));
        Files.writeString(dirs.stormConf(), StormJson.write(n.conf()));
        TopologySecret secret = TopologySecret.generate();
        secret.writeTo(dirs.secretFile());
        Wire wire = new Wire(new AuthSettings(secret, "e2e-1", "stmgr-1", 5000), 64 << 20);
        Path confDir = dir.resolve("conf");
        Files.createDirectories(confDir.resolve("local"));

        PhysicalPlan plan = RouterTest.plan(n.topology()).toBuilder()
                .setTopology(
                        PlanTopology.newBuilder().setName("e2e").setId("e2e-1").setState(TopologyState.RUNNING))
                .build();
        Map<Integer, Channel> byTask = new ConcurrentHashMap<>();
        // batches for a task whose instance has not registered yet (event loop thread only)
        Map<Integer, List<ByteBuf>> waiting = new HashMap<>();
        BlockingQueue<DataTuple> toSink = new LinkedBlockingQueue<>();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<Channel> senders = ConcurrentHashMap.newKeySet();
        EventLoopGroup group = new NioEventLoopGroup(1);
        List<Process> procs = new ArrayList<>();
        try (NetServer sm = NetServer.bind(
                group,
                java.net.InetAddress.getLoopbackAddress(),
                0,
                wire,
                () -> new SimpleChannelInboundHandler<Object>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
                        if (msg instanceof RegisterInstanceRequest r && r.getTaskConnection()) {
                            // the task thread's own connection, which carries the task's tuples both ways
                            senders.add(ctx.channel());
                            byTask.put(r.getTaskId(), ctx.channel());
                            ctx.write(RegisterInstanceResponse.newBuilder()
                                    .setStatus(Status.newBuilder().setOk(true))
                                    .build());
                            for (ByteBuf held : waiting.getOrDefault(r.getTaskId(), List.of())) {
                                ctx.write(held);
                            }
                            waiting.remove(r.getTaskId());
                            ctx.flush();
                        } else if (msg instanceof RegisterInstanceRequest r) {
                            ctx.writeAndFlush(RegisterInstanceResponse.newBuilder()
                                    .setStatus(Status.newBuilder().setOk(true))
                                    .setPplan(plan)
                                    .build());
                        } else if (msg instanceof TaskBatchFrame batch) {
                            if (!senders.contains(ctx.channel())) {
                                problems.add("a batch for task " + batch.destTask() + " came on a main connection");
                            }
                            // route by destination task, as a stream manager does: the frame goes on as it is
                            int dest = batch.destTask();
                            if (dest == 3) {
                                try {
                                    TaskBatch b = TaskBatch.parseFrom(batch.bodyBytes());
                                    if (b.getDestTask() != 3
                                            || b.getCount() != batch.count()
                                            || b.getTuplesCount() != b.getCount()) {
                                        problems.add(
                                                "batch header " + dest + "/" + batch.count() + " does not match " + b);
                                    }
                                    toSink.addAll(b.getTuplesList());
                                } finally {
                                    batch.release();
                                }
                            } else if (byTask.containsKey(dest)) {
                                byTask.get(dest).writeAndFlush(batch.frame());
                            } else {
                                waiting.computeIfAbsent(dest, k -> new ArrayList<>())
                                        .add(batch.frame());
                            }
                        }
                    }
                })) {
            // task ids: count=1, echo=2, sink=3; start the bolt first, then the spout
            for (int task : new int[] {2, 1}) {
                ProcessBuilder pb = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "--add-opens=java.base/java.util=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        InstanceMain.class.getName(),
                        "--topology",
                        "e2e",
                        "--topology-id",
                        "e2e-1",
                        "--container",
                        "1",
                        "--container-dir",
                        dirs.root().toString(),
                        "--conf-dir",
                        confDir.toString(),
                        "--task-id",
                        Integer.toString(task),
                        "--parent-pid",
                        Long.toString(ProcessHandle.current().pid())));
                pb.redirectErrorStream(true)
                        .redirectOutput(dir.resolve("task-" + task + ".log").toFile());
                procs.add(pb.start());
            }
            dirs.writeAddress("stmgr", "127.0.0.1", sm.port());
            KryoValuesDeserializer des = new KryoValuesDeserializer(StormNormalizer.runtimeConf(n.conf()));
            List<Object> texts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                DataTuple t = toSink.poll(60, TimeUnit.SECONDS);
                assertNotNull(t, "echoed tuple " + i + " did not arrive; logs in " + dir);
                assertEquals(2, t.getSourceTask());
                texts.add(des.deserialize(t.getValues().toByteArray()).get(0));
            }
            for (long i = 0; i < 100; i++) {
                assertTrue(texts.contains("echo-" + i + "-from-count"), "missing " + i + " in " + texts);
            }
            assertEquals(List.of(), problems);
        } finally {
            for (Process p : procs) {
                p.destroy();
            }
            for (Process p : procs) {
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "instance did not stop on SIGTERM");
            }
            group.submit(() -> {
                        waiting.values().forEach(l -> l.forEach(ByteBuf::release));
                        waiting.clear();
                    })
                    .get(10, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}

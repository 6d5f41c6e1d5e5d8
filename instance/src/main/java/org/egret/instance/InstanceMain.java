package org.egret.instance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.generated.ComponentCommon;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.utils.ObjectReader;
import org.apache.storm.utils.Utils;
import org.egret.config.EgretConfig;
import org.egret.config.InstanceKeys;
import org.egret.net.NodeAddress;
import org.egret.net.Wire;
import org.egret.net.auth.AuthSettings;
import org.egret.proto.PhysicalPlan;
import org.egret.runtime.ContainerDirs;
import org.egret.runtime.ParentWatch;
import org.egret.runtime.ProcessOptions;
import org.egret.statemgr.StateMgrKeys;
import org.egret.statemgr.zk.ZkKeys;
import org.egret.storm.translate.ClusterZooKeeper;
import org.egret.storm.translate.StormComponents;
import org.egret.storm.translate.StormJson;
import org.egret.storm.translate.StormNormalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Storm task in its own JVM. Started by the executor with the container's common options plus
 * {@code --task-id}; the user jar is on the class path.
 * Exit codes: 0 stopped, 2 bad setup, 4 stream manager lost, 5 task layout changed, 6 user code failed,
 * 7 halted because the shutdown did not end in time.
 */
public final class InstanceMain {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceMain.class);
    /** How long the task gets to close or clean up once the JVM is shutting down. */
    private static final long TASK_STOP_MS = 5000;
    /**
     * After this the JVM halts, whatever shutdown hook still waits: user libraries add hooks of their
     * own (ShellBolt's heartbeat executor waits up to 2 minutes for the very thread that is exiting),
     * and a task that should be replaced must not linger. Storm's worker halts 1 s after its shutdown
     * begins; the task here gets its close first.
     */
    private static final long HALT_AFTER_MS = TASK_STOP_MS + 3000;

    private InstanceMain() {}

    public static void main(String[] args) throws Exception {
        ProcessOptions opts = ProcessOptions.parse(args);
        ParentWatch.start(opts.parentPid());
        EgretConfig config = opts.loadConfig();
        int taskId = opts.taskId();
        ContainerDirs dirs = opts.dirs();
        StormTopology topology;
        Map<String, Object> conf;
        String component;
        try {
            if (taskId <= 0) {
                throw new IllegalArgumentException("--task-id is required (Storm task ids start at 1)");
            }
            topology = Utils.thriftDeserialize(StormTopology.class, Files.readAllBytes(dirs.stormTopology()));
            Map<String, Object> topoConf =
                    StormJson.parseMap(Files.readString(dirs.stormConf(), StandardCharsets.UTF_8));
            if (config.get(StateMgrKeys.TYPE).equals("zookeeper")) {
                topoConf = ClusterZooKeeper.withStateManagerEnsemble(topoConf, config.get(ZkKeys.CONNECTION));
            }
            conf = StormNormalizer.runtimeConf(topoConf);
            conf.put(Config.STORM_ID, opts.topologyId());
            // Tasks added by an update have ids beyond Storm's numbering: the executor names the component.
            component = opts.component() != null ? opts.component() : componentOf(topology, conf, taskId);
        } catch (Exception e) {
            LOG.error("task {}: cannot load the topology from {}", taskId, dirs.packageDir(), e);
            System.exit(2);
            return;
        }
        LOG.info("task {} of topology {} ({}) is component {}", taskId, opts.topology(), opts.topologyId(), component);
        Path pidDir = dirs.root().resolve("pids").resolve(Integer.toString(taskId));
        SubprocessPids.endLeftovers(pidDir);

        NodeAddress address = NodeAddress.from(config);
        Gateway gateway;
        try {
            AuthSettings auth = opts.auth(config, "instance-" + taskId);
            gateway = new Gateway(
                    dirs,
                    address.sourceAddress(),
                    taskId,
                    component,
                    Wire.data(auth, config).withinContainer(),
                    Wire.control(auth, config).withinContainer(),
                    why -> {
                        LOG.error("task {}: {}; exiting", taskId, why);
                        System.exit(4);
                    });
        } catch (RuntimeException e) {
            LOG.error("task {}: {}; exiting", taskId, e.getMessage());
            System.exit(2);
            return;
        }
        try {
            gateway.connect(Duration.ofSeconds(60));
        } catch (IllegalStateException e) {
            LOG.error("task {}: {}; exiting", taskId, e.getMessage());
            System.exit(4);
        }
        PhysicalPlan plan = gateway.takePlan();
        LOG.info("task {}: physical plan version {} received", taskId, plan.getVersion());

        TaskRunner.Env env = new TaskRunner.Env(
                opts.topologyId(),
                address.advertisedHost(),
                dirs.codeDir().toString(),
                pidDir.toString(),
                opts.container(),
                config.get(InstanceKeys.BATCH_TUPLES),
                config.get(InstanceKeys.FLUSH_MS),
                config.get(InstanceKeys.METRICS_INTERVAL_MS),
                config.get(InstanceKeys.RECEIVE_BYTES),
                config.get(InstanceKeys.SPOUT_MAX_PENDING));
        TaskRunner runner = new TaskRunner(topology, conf, plan, taskId, env, gateway);
        int[] exit = {0};
        Thread task = new Thread(
                () -> {
                    try {
                        runner.run();
                    } catch (TaskRunner.LayoutChangedException e) {
                        LOG.warn("task {}: {}", taskId, e.getMessage());
                        exit[0] = 5;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Throwable e) {
                        LOG.error("task {} ({}) failed", taskId, component, e);
                        exit[0] = 6;
                    }
                },
                "task-" + taskId);
        task.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Thread halt = new Thread(
                                    () -> {
                                        try {
                                            Thread.sleep(HALT_AFTER_MS);
                                        } catch (InterruptedException e) {
                                            return;
                                        }
                                        LOG.error(
                                                "task {}: the JVM's shutdown still waits after {} ms (a shutdown hook does not end); halting",
                                                taskId,
                                                HALT_AFTER_MS);
                                        Runtime.getRuntime().halt(7);
                                    },
                                    "instance-halt");
                            halt.setDaemon(true);
                            halt.start();
                            gateway.stopping();
                            runner.stop();
                            try {
                                task.join(TASK_STOP_MS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            gateway.close();
                        },
                        "instance-shutdown"));
        task.start();
        task.join();
        System.exit(exit[0]);
    }

    /** The component of a task: Storm's numbering (components sorted by name, ids from 1, topology.tasks each). */
    static String componentOf(StormTopology topology, Map<String, Object> conf, int taskId) {
        int next = 1;
        for (Map.Entry<String, ComponentCommon> e :
                StormComponents.commons(topology).entrySet()) {
            Map<String, Object> c = StormJson.parseMap(e.getValue().get_json_conf());
            int tasks = ObjectReader.getInt(
                    c.get(Config.TOPOLOGY_TASKS), StormNormalizer.componentTasks(conf, e.getValue()));
            if (taskId < next + tasks) {
                return e.getKey();
            }
            next += tasks;
        }
        throw new IllegalArgumentException(
                "task " + taskId + " does not exist (the topology has " + (next - 1) + " tasks)");
    }
}

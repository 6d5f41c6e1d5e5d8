package org.egret.it;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptReport;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.logaggregation.AggregatedLogFormat;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.apache.hadoop.yarn.util.resource.DominantResourceCalculator;

/**
 * One in-process Hadoop and ZooKeeper for a test class: MiniDFSCluster, MiniYARNCluster's
 * ResourceManager with two NodeManagers on addresses of their own ({@link #NODE_HOSTS}) and a
 * curator-test ZooKeeper, plus
 * a Hadoop conf directory naming them, as a user's {@code egret.uploader.hadoop.conf.dir} would.
 */
final class YarnTestbed implements AutoCloseable {
    static final int MAX_ALLOCATION_MB = 2048;
    /**
     * The NodeManagers' hosts: addresses of this machine other than 127.0.0.1, so that anything that
     * reaches a container's servers at loopback, or at another node's address, fails here as it would on
     * a real cluster.
     */
    static final List<String> NODE_HOSTS = List.of("127.0.0.31", "127.0.0.32");
    /** Memory of each node: together what one node had before, so a topology's containers must spread. */
    static final int NODE_MB = 2048;
    /** MiniYARNCluster wipes and uses target/test/data/<name>: a name no other test uses. */
    private static final String MINI_YARN_NAME = "yarn-testbed";
    /** Where the NodeManager aggregates the logs of finished applications (in the test HDFS). */
    private static final String REMOTE_APP_LOG_DIR = "/app-logs";

    final Path tmp;
    final MiniDFSCluster dfs;
    final MiniYARNCluster yarn;
    final List<NodeManager> nodeManagers = new ArrayList<>();
    final TestingServer zk;
    /** Egret's authenticated identity at zk. */
    final CuratorFramework zkClient;

    final Path zkDigestFile;
    final YarnClient yarnClient;
    final FileSystem fs;
    final Path hadoopConf;
    final String nameNode;

    YarnTestbed() throws Exception {
        tmp = Files.createTempDirectory("egret-yarn-it-");
        // ZooKeeper's embedded server writes its config beside the data directory: keep both in tmp
        zk = new TestingServer(-1, tmp.resolve("zookeeper").toFile(), true);
        zkClient = ZkCredentials.client(zk.getConnectString(), ZkCredentials.DIGEST);
        zkDigestFile = ZkCredentials.writeFile(tmp);
        dfs = new MiniDFSCluster.Builder(new Configuration(), tmp.resolve("dfs").toFile())
                .numDataNodes(1)
                .build();
        dfs.waitActive();
        fs = dfs.getFileSystem();
        nameNode = "hdfs://localhost:" + dfs.getNameNodePort();

        YarnConfiguration conf = new YarnConfiguration();
        conf.set("fs.defaultFS", nameNode);
        smallFastYarn(conf, NODE_MB);
        conf.setInt(YarnConfiguration.RM_AM_MAX_ATTEMPTS, 4);
        // as a production cluster: finished applications' container logs are collected into HDFS
        conf.setBoolean(YarnConfiguration.LOG_AGGREGATION_ENABLED, true);
        conf.set(YarnConfiguration.NM_REMOTE_APP_LOG_DIR, nameNode + REMOTE_APP_LOG_DIR);
        // the NodeManager's work and log dirs go under this class's temporary directory
        conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
        // MiniYARNCluster gives every NodeManager it starts the same host; ours start below, one per address
        yarn = new MiniYARNCluster(MINI_YARN_NAME, 0, 1, 1);
        yarn.init(conf);
        yarn.start();
        DefaultMetricsSystem.setMiniClusterMode(true); // two NodeManagers register metrics in one JVM
        for (int i = 0; i < NODE_HOSTS.size(); i++) {
            nodeManagers.add(startNodeManager(i, NODE_HOSTS.get(i)));
        }
        waitForNodeManagers();

        hadoopConf = Files.createDirectories(tmp.resolve("hadoop-conf"));
        Configuration client = new Configuration(false);
        yarn.getConfig().forEach(e -> client.set(e.getKey(), e.getValue()));
        client.set("fs.defaultFS", nameNode);
        try (OutputStream out = Files.newOutputStream(hadoopConf.resolve("yarn-site.xml"))) {
            client.writeXml(out);
        }
        Files.writeString(
                hadoopConf.resolve("core-site.xml"),
                "<configuration><property><name>fs.defaultFS</name>" + "<value>" + nameNode
                        + "</value></property></configuration>");
        yarnClient = YarnClient.createYarnClient();
        yarnClient.init(new YarnConfiguration(yarn.getConfig()));
        yarnClient.start();
    }

    /**
     * A MiniYARNCluster fit for tests on this machine: one queue, containers sized in memory and
     * vcores, {@code nodeMb} per node, no virtual-memory check (a JVM's virtual size is ~2.6 GB),
     * several grants per heartbeat, quick heartbeats and a quick shutdown.
     */
    static void smallFastYarn(Configuration conf, int nodeMb) {
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
        conf.set("yarn.scheduler.capacity.resource-calculator", DominantResourceCalculator.class.getName());
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, MAX_ALLOCATION_MB);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, 4);
        conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeMb);
        conf.setInt(YarnConfiguration.NM_VCORES, 8);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setInt("yarn.scheduler.capacity.per-node-heartbeat.maximum-offswitch-assignments", 10);
        conf.setInt(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, 250);
        conf.setLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, 1);
        conf.setLong(YarnConfiguration.NM_PROCESS_KILL_WAIT_MS, 500);
    }

    private NodeManager startNodeManager(int index, String host) throws IOException {
        Path dirs = Path.of("target", "test", "data", MINI_YARN_NAME).toAbsolutePath();
        return startNodeManager(yarn.getConfig(), host, dirs.resolve("nm-" + index + "-local"), nodeLogDir(host));
    }

    /**
     * A NodeManager of the cluster whose configuration is {@code cluster}, whose RPC, localizer and web
     * servers bind {@code host}, so YARN knows the node by that address (the NodeId, and every
     * container's {@code NM_HOST}), as a node of a real cluster is known by its own.
     */
    static NodeManager startNodeManager(Configuration cluster, String host, Path localDir, Path logDir)
            throws IOException {
        YarnConfiguration c = new YarnConfiguration(cluster);
        c.set(YarnConfiguration.NM_ADDRESS, host + ":0");
        c.set(YarnConfiguration.NM_LOCALIZER_ADDRESS, host + ":0");
        c.set(YarnConfiguration.NM_WEBAPP_ADDRESS, host + ":0");
        c.set(YarnConfiguration.NM_COLLECTOR_SERVICE_ADDRESS, host + ":0");
        c.set(YarnConfiguration.NM_LOCAL_DIRS, Files.createDirectories(localDir).toString());
        c.set(YarnConfiguration.NM_LOG_DIRS, Files.createDirectories(logDir).toString());
        // as MiniYARNCluster does: size the node from the settings above, not from this machine
        c.setBoolean(YarnConfiguration.NM_ENABLE_HARDWARE_CAPABILITY_DETECTION, false);
        c.setBoolean(YarnConfiguration.NM_CONTAINER_MONITOR_ENABLED, false);
        NodeManager nm = new NodeManager();
        nm.init(c);
        nm.start();
        return nm;
    }

    /** Stops each part in turn; a part that fails to stop is reported and the rest still stop. */
    static void stopEach(String what, List<? extends AutoCloseable> parts) {
        for (AutoCloseable c : parts) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("stopping " + what + ": " + e);
            }
        }
    }

    /** Deletes a directory tree, if it is there. */
    static void deleteTree(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Every NodeManager's local and log directories (launch scripts, container work dirs, logs). */
    Path nodeDirs() {
        return Path.of("target", "test", "data", MINI_YARN_NAME).toAbsolutePath();
    }

    /** The container log directory of the NodeManager on {@code host} ({@code <app>/<container>/} below it). */
    Path nodeLogDir(String host) {
        return Path.of("target", "test", "data", MINI_YARN_NAME, "nm-" + NODE_HOSTS.indexOf(host) + "-log")
                .toAbsolutePath();
    }

    private void waitForNodeManagers() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (yarn.getResourceManager().getRMContext().getRMNodes().size() < NODE_HOSTS.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the NodeManagers did not register: "
                        + yarn.getResourceManager().getRMContext().getRMNodes().keySet());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** bin/egret against conf/yarn, pointed at this testbed; small AM and container 0 so several fit. */
    LocalCluster cluster() throws IOException {
        return new LocalCluster("yarn")
                .withConfigProperty("egret.statemgr.zk.connection", zk.getConnectString())
                .withConfigProperty("egret.statemgr.zk.connection.timeout.ms", "3000")
                .withConfigProperty(ZkCredentials.KEY, zkDigestFile.toString())
                .withConfigProperty("egret.uploader.hdfs.dir", nameNode + "/egret/packages")
                .withConfigProperty("egret.uploader.hadoop.conf.dir", hadoopConf.toString())
                .withConfigProperty("egret.yarn.am.ram.mb", "256")
                .withConfigProperty("egret.yarn.am.heap.mb", "128")
                .withConfigProperty("egret.container0.ram.mb", "384");
    }

    /** The newest application of that name. */
    Optional<ApplicationReport> application(String name) throws Exception {
        return yarnClient.getApplications().stream()
                .filter(a -> a.getName().equals(name))
                .max(Comparator.comparing(a -> a.getApplicationId().getId()));
    }

    /** Containers of the application's current attempt that run executors (the AM's excluded). */
    List<ContainerReport> executorContainers(ApplicationReport app) throws Exception {
        List<ContainerReport> out = new ArrayList<>();
        ApplicationAttemptReport attempt = yarnClient.getApplicationAttemptReport(app.getCurrentApplicationAttemptId());
        for (ContainerReport c : yarnClient.getContainers(attempt.getApplicationAttemptId())) {
            if (!c.getContainerId().equals(attempt.getAMContainerId())) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The logs YARN aggregated for an application, once it has (empty until then): file contents by
     * container id and file name, e.g. {@code container_..._000002 -> stmgr-1.log -> text}. Read with
     * Hadoop's own reader of the aggregated (TFile) format, as {@code yarn logs} does.
     */
    Map<String, Map<String, String>> aggregatedLogs(ApplicationId app) throws IOException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(REMOTE_APP_LOG_DIR);
        if (!fs.exists(root)) {
            return out;
        }
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
        while (files.hasNext()) {
            LocatedFileStatus f = files.next();
            // the NodeManager writes <node>.tmp while it uploads and renames it when done
            if (!f.getPath().getParent().getName().equals(app.toString())
                    || f.getPath().getName().endsWith(".tmp")) {
                continue;
            }
            AggregatedLogFormat.LogReader reader = new AggregatedLogFormat.LogReader(yarn.getConfig(), f.getPath());
            try {
                AggregatedLogFormat.LogKey key = new AggregatedLogFormat.LogKey();
                DataInputStream in = reader.next(key);
                while (in != null) {
                    Map<String, String> logs = out.computeIfAbsent(key.toString(), k -> new TreeMap<>());
                    AggregatedLogFormat.ContainerLogsReader logsReader =
                            new AggregatedLogFormat.ContainerLogsReader(in);
                    for (String name = logsReader.nextLog(); name != null; name = logsReader.nextLog()) {
                        StringBuilder text = new StringBuilder();
                        char[] buf = new char[8192];
                        for (int n = logsReader.read(buf, 0, buf.length);
                                n > 0;
                                n = logsReader.read(buf, 0, buf.length)) {
                            text.append(buf, 0, n);
                        }
                        logs.put(name, text.toString());
                    }
                    key = new AggregatedLogFormat.LogKey();
                    in = reader.next(key);
                }
            } finally {
                reader.close();
            }
        }
        return out;
    }

    boolean zkHas(String family, String topology) throws Exception {
        return zkClient.checkExists().forPath("/egret/" + family + "/" + topology) != null;
    }

    byte[] zkData(String family, String topology) throws Exception {
        return zkClient.getData().forPath("/egret/" + family + "/" + topology);
    }

    boolean hdfsHas(String topology) throws IOException {
        return fs.exists(new org.apache.hadoop.fs.Path("/egret/packages/" + topology));
    }

    @Override
    public void close() throws Exception {
        stopEach(
                "a NodeManager",
                nodeManagers.stream().map(nm -> (AutoCloseable) nm::stop).toList());
        stopEach(
                "the testbed",
                List.<AutoCloseable>of(
                        yarnClient::stop, yarn::stop, () -> dfs.shutdown(true), zkClient::close, zk::close));
        deleteTree(tmp);
        // MiniYARNCluster keeps its NodeManager dirs under target/test/data/<name>
        deleteTree(Path.of("target", "test", "data", MINI_YARN_NAME));
    }
}

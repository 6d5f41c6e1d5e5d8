package org.egret.scheduler.yarn;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.URL;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
import org.egret.executor.ExecutorKeys;
import org.egret.runtime.JavaCommand;
import org.egret.runtime.LogKeys;
import org.egret.uploader.hdfs.HdfsKeys;

/**
 * How every YARN container of a topology (the AM's and the executors') is laid out and started:
 * the core package unpacked by YARN as {@code ./egret} (bin, conf, lib), the Hadoop client
 * configuration as {@code ./hadoop-conf}, the topology package as {@code ./topology.tar.gz}, JAVA_HOME set explicitly, and a {@code java} command line
 * that names only paths inside the container, so nothing of the submitting machine is needed.
 */
final class ContainerLayout {
    static final String CORE_LINK = "egret";
    static final String TOPOLOGY_LINK = "topology.tar.gz";
    static final String HADOOP_CONF = "hadoop-conf";
    static final String AM_MAIN = "org.egret.scheduler.yarn.YarnApplicationMaster";
    static final String EXECUTOR_MAIN = "org.egret.scheduler.yarn.YarnExecutorMain";
    /** The owner's keytab in the AM's container, and in no other. */
    static final String KEYTAB_LINK = "egret.keytab";

    private static final String HOME = "$PWD/" + CORE_LINK;

    private final Map<String, LocalResource> resources;
    private final String javaHome;

    private ContainerLayout(Map<String, LocalResource> resources, String javaHome) {
        this.resources = resources;
        this.javaHome = javaHome;
    }

    /** Both packages as YARN resources, stamped with their current length and modification time. */
    static ContainerLayout of(URI corePackage, URI topologyPackage, EgretConfig config, Configuration conf)
            throws IOException {
        Map<String, LocalResource> res = new HashMap<>();
        res.put(CORE_LINK, resource(corePackage, LocalResourceType.ARCHIVE, conf));
        res.put(
                HADOOP_CONF,
                resource(
                        CorePackage.beside(topologyPackage, CorePackage.HADOOP_CONF_FILE),
                        LocalResourceType.ARCHIVE,
                        conf));
        res.put(TOPOLOGY_LINK, resource(topologyPackage, LocalResourceType.FILE, conf));
        return new ContainerLayout(res, config.get(CommonKeys.JAVA_HOME));
    }

    private static LocalResource resource(URI uri, LocalResourceType type, Configuration conf) throws IOException {
        try (FileSystem fs = FileSystem.newInstance(uri, conf)) {
            FileStatus st = fs.getFileStatus(new org.apache.hadoop.fs.Path(uri));
            return LocalResource.newInstance(
                    URL.fromURI(fs.makeQualified(st.getPath()).toUri()),
                    type,
                    LocalResourceVisibility.APPLICATION,
                    st.getLen(),
                    st.getModificationTime());
        }
    }

    /**
     * The ApplicationMaster: {@code amArgs} are its ProcessOptions (topology, cluster, package URI,
     * config properties); the container-side paths and properties are added here.
     */
    ContainerLaunchContext applicationMaster(String topology, EgretConfig config, List<String> amArgs) {
        List<String> args = new ArrayList<>(amArgs);
        args.addAll(List.of("--container-dir", "$PWD/am", "--conf-dir", HOME + "/conf"));
        containerProperties().forEach((k, v) -> args.addAll(List.of("--config-property", k + "=" + v)));
        return launch(java(AM_MAIN, "scheduler", topology, config.get(YarnKeys.AM_HEAP_MB), config, "am"), args, "am");
    }

    /**
     * The AM's launch context with the owner's keytab (uploaded readable by the owner only) as a
     * resource of this application alone, {@code ./egret.keytab}; executors never get it.
     */
    static ContainerLaunchContext withKeytab(ContainerLaunchContext am, URI keytab, Configuration conf)
            throws IOException {
        Map<String, LocalResource> res = new HashMap<>(am.getLocalResources());
        res.put(KEYTAB_LINK, resource(keytab, LocalResourceType.FILE, conf));
        am.setLocalResources(res);
        return am;
    }

    /** The executor of one container index: the same program as under the local scheduler. */
    ContainerLaunchContext executor(
            int index,
            String topology,
            String topologyId,
            String cluster,
            Map<String, String> properties,
            EgretConfig config) {
        List<String> args = new ArrayList<>(List.of(
                "--role",
                "executor",
                "--topology",
                topology,
                "--topology-id",
                topologyId,
                "--container",
                Integer.toString(index),
                "--container-dir",
                "$PWD/container",
                "--conf-dir",
                HOME + "/conf",
                "--cluster",
                cluster,
                "--package-uri",
                "$PWD/" + TOPOLOGY_LINK));
        // the AM's own container properties are among the ones it passes on: each key once, the
        // container's value last, keeps the command line short (an executor's is near 4 KB under YARN)
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putAll(containerProperties());
        // every process of the container logs where the NodeManager serves and aggregates logs
        all.put(LogKeys.CONTAINER_LOG_DIR.name(), "<LOG_DIR>");
        all.forEach((k, v) -> args.addAll(List.of("--config-property", k + "=" + v)));
        return launch(
                java(
                        EXECUTOR_MAIN,
                        "executor",
                        topology,
                        config.get(ExecutorKeys.EXECUTOR_HEAP_MB),
                        config,
                        "executor"),
                args,
                "executor");
    }

    /**
     * Properties that only make sense inside a container: its own host (servers must be reachable
     * from other nodes) and the Hadoop configuration shipped in the core package. A container's Hadoop
     * clients use the application's delegation tokens, never a Kerberos login of their own (which would
     * replace the AM's login user, and with it the AM-RM token).
     */
    private static Map<String, String> containerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CommonKeys.HOST.name(), "$NM_HOST");
        properties.put(HdfsKeys.HADOOP_CONF_DIR.name(), "$PWD/" + HADOOP_CONF);
        // the submitter's keytab path means nothing here; the AM logs in from its own copy, on the side
        properties.put(HdfsKeys.KERBEROS_KEYTAB.name(), "");
        return properties;
    }

    private static JavaCommand java(
            String main, String role, String topology, long heapMb, EgretConfig config, String logName) {
        return JavaCommand.of("$JAVA_HOME", main)
                .role(role, topology)
                .heapMb(heapMb)
                .jvmOpts(JavaCommand.splitOpts(config.get(ExecutorKeys.SYSTEM_JVM_OPTS)))
                .logging(Path.of(HOME, "conf"), Path.of("<LOG_DIR>", logName + ".log"), config)
                .egretHome(Path.of(HOME))
                .clusterClients();
    }

    private ContainerLaunchContext launch(JavaCommand java, List<String> args, String logName) {
        String cmd = ShellWords.join(java.args(args).build()) + " 1><LOG_DIR>/" + logName + ".out 2><LOG_DIR>/"
                + logName + ".err";
        Map<String, String> env = new HashMap<>();
        // the NodeManager passes its own JAVA_HOME on only if it has one; name ours
        env.put("JAVA_HOME", javaHome);
        return ContainerLaunchContext.newInstance(new HashMap<>(resources), env, List.of(cmd), null, null, null);
    }
}

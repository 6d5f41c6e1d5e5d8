package org.egret.it;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.nodemanager.NodeManager;
import org.egret.executor.ExecutorKeys;

/**
 * A Kerberos-secured Hadoop in this JVM: Hadoop's MiniKdc, a MiniDFSCluster and a MiniYARNCluster
 * (one NodeManager) that authenticate every RPC with Kerberos, a ZooKeeper, and a Hadoop conf
 * directory naming them. The services share one principal; the topology's owner is another,
 * {@link #USER}, with a keytab of its own. HDFS delegation tokens live {@link #TOKEN_LIFETIME_MS}
 * at most, so a test can outlive them.
 *
 * <p>What makes this run as root on Java 17 without privileged ports or a setuid executor: the
 * DataNode skips its secure-port check ({@code ignore.secure.ports.for.testing}), containers run
 * under YARN's DefaultContainerExecutor, and HTTP stays unauthenticated (no SPNEGO).
 */
final class KerberizedHadoop implements AutoCloseable {
    static final String USER = "egret";
    static final long TOKEN_LIFETIME_MS = 20_000;
    private static final String MINI_YARN_NAME = "yarn-kerberos";

    final Path tmp;
    final MiniKdc kdc;
    final String realm;
    final Path userKeytab;
    final MiniDFSCluster dfs;
    final MiniYARNCluster yarn;
    private final List<NodeManager> extraNodeManagers = new ArrayList<>();
    final TestingServer zk;
    final Path zkDigestFile;
    final YarnClient yarnClient;
    final FileSystem fs;
    final Path hadoopConf;
    final String nameNode;

    KerberizedHadoop() throws Exception {
        tmp = Files.createTempDirectory("egret-kerberos-it-");
        Properties kdcConf = MiniKdc.createConf();
        kdcConf.setProperty(MiniKdc.DEBUG, "false");
        kdc = new MiniKdc(kdcConf, Files.createDirectories(tmp.resolve("kdc")).toFile());
        kdc.start();
        realm = kdc.getRealm();
        Path serviceKeytab = tmp.resolve("services.keytab");
        kdc.createPrincipal(serviceKeytab.toFile(), "hadoop/localhost", "HTTP/localhost");
        userKeytab = tmp.resolve("egret.keytab");
        kdc.createPrincipal(userKeytab.toFile(), USER);

        zk = new TestingServer(-1, tmp.resolve("zookeeper").toFile(), true);
        zkDigestFile = ZkCredentials.writeFile(tmp);

        Configuration conf = new YarnConfiguration();
        secure(conf, serviceKeytab);
        UserGroupInformation.setConfiguration(conf);
        dfs = new MiniDFSCluster.Builder(conf, tmp.resolve("dfs").toFile())
                .numDataNodes(1)
                .build();
        dfs.waitActive();
        fs = dfs.getFileSystem();
        nameNode = "hdfs://localhost:" + dfs.getNameNodePort();
        // the topology's owner writes its packages here, as on a cluster where an admin made the directory
        org.apache.hadoop.fs.Path packages = new org.apache.hadoop.fs.Path("/egret/packages");
        fs.mkdirs(packages);
        fs.setOwner(packages, USER, USER);
        fs.setPermission(packages, new FsPermission((short) 0700));

        conf.set("fs.defaultFS", nameNode);
        YarnTestbed.smallFastYarn(conf, 4096);
        conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
        yarn = new MiniYARNCluster(MINI_YARN_NAME, 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (yarn.getResourceManager().getRMContext().getRMNodes().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the NodeManager did not register");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }

        hadoopConf = Files.createDirectories(tmp.resolve("hadoop-conf"));
        Configuration client = new Configuration(false);
        yarn.getConfig().forEach(e -> client.set(e.getKey(), e.getValue()));
        client.set("fs.defaultFS", nameNode);
        // the services' keytab is theirs alone: a client names their principals, never their keytab
        client.unset("dfs.namenode.keytab.file");
        client.unset("dfs.datanode.keytab.file");
        client.unset(YarnConfiguration.RM_KEYTAB);
        client.unset(YarnConfiguration.NM_KEYTAB);
        client.unset("dfs.web.authentication.kerberos.keytab");
        // MiniDFSCluster's test-only rack mapping, whose class no client has
        client.unset("net.topology.node.switch.mapping.impl");
        try (OutputStream out = Files.newOutputStream(hadoopConf.resolve("core-site.xml"))) {
            client.writeXml(out);
        }
        yarnClient = YarnClient.createYarnClient();
        yarnClient.init(new YarnConfiguration(yarn.getConfig()));
        yarnClient.start();
    }

    /** Kerberos for every service, one principal for all of them, tokens that live seconds. */
    private void secure(Configuration conf, Path keytab) {
        String service = "hadoop/localhost@" + realm;
        String http = "HTTP/localhost@" + realm;
        conf.set("hadoop.security.authentication", "kerberos");
        // short names without relying on the JVM's idea of a default realm (another test may have fixed it)
        String r = realm.replace(".", "\\.");
        conf.set(
                "hadoop.security.auth_to_local",
                "RULE:[1:$1@$0](.*@" + r + ")s/@.*//\n" + "RULE:[2:$1@$0](.*@" + r + ")s/@.*//\nDEFAULT");
        conf.set("dfs.namenode.kerberos.principal", service);
        conf.set("dfs.namenode.keytab.file", keytab.toString());
        conf.set("dfs.datanode.kerberos.principal", service);
        conf.set("dfs.datanode.keytab.file", keytab.toString());
        conf.set("dfs.web.authentication.kerberos.principal", http);
        conf.set("dfs.web.authentication.kerberos.keytab", keytab.toString());
        conf.set("dfs.namenode.kerberos.internal.spnego.principal", http);
        conf.setBoolean("dfs.block.access.token.enable", true);
        conf.setBoolean("ignore.secure.ports.for.testing", true);
        conf.setBoolean("dfs.webhdfs.enabled", false);
        conf.setLong("dfs.namenode.delegation.token.max-lifetime", TOKEN_LIFETIME_MS);
        conf.setLong("dfs.namenode.delegation.token.renew-interval", TOKEN_LIFETIME_MS);
        conf.set(YarnConfiguration.RM_PRINCIPAL, service);
        conf.set(YarnConfiguration.RM_KEYTAB, keytab.toString());
        conf.set(YarnConfiguration.NM_PRINCIPAL, service);
        conf.set(YarnConfiguration.NM_KEYTAB, keytab.toString());
        conf.setBoolean("yarn.resourcemanager.webapp.delegation-token-auth-filter.enabled", false);
    }

    /**
     * A second NodeManager, on its own address ({@code host}), with nothing localized yet: a container
     * YARN starts there must fetch its packages from HDFS with the tokens of its launch context.
     */
    void startNodeManager(String host) throws Exception {
        DefaultMetricsSystem.setMiniClusterMode(true);
        NodeManager nm = YarnTestbed.startNodeManager(
                yarn.getConfig(),
                host,
                nodeDirs().resolve("nm-2-local"),
                nodeDirs().resolve("nm-2-log"));
        extraNodeManagers.add(nm);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (yarn.getResourceManager().getRMContext().getRMNodes().size() < 2) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the NodeManager on " + host + " did not register");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** JVM options every Egret process of the test needs to find the KDC (a cluster has /etc/krb5.conf). */
    String krb5Option() {
        return "-Djava.security.krb5.conf=" + kdc.getKrb5conf().getAbsolutePath();
    }

    /** The egret.yaml-free client: bin/egret against conf/yarn, pointed at this Hadoop, as {@link #USER}. */
    LocalCluster cluster() throws Exception {
        return new LocalCluster("yarn")
                .withEnv("JAVA_TOOL_OPTIONS", krb5Option())
                .withConfigProperty("egret.statemgr.zk.connection", zk.getConnectString())
                .withConfigProperty("egret.statemgr.zk.connection.timeout.ms", "3000")
                .withConfigProperty(ZkCredentials.KEY, zkDigestFile.toString())
                .withConfigProperty("egret.uploader.hdfs.dir", nameNode + "/egret/packages")
                .withConfigProperty("egret.uploader.hadoop.conf.dir", hadoopConf.toString())
                .withConfigProperty("egret.hadoop.kerberos.principal", USER + "@" + realm)
                .withConfigProperty("egret.hadoop.kerberos.keytab", userKeytab.toString())
                .withConfigProperty(
                        "egret.system.jvm.opts", ExecutorKeys.SYSTEM_JVM_OPTS.defaultValue() + " " + krb5Option())
                .withConfigProperty("egret.yarn.am.ram.mb", "256")
                .withConfigProperty("egret.yarn.am.heap.mb", "128")
                .withConfigProperty("egret.container0.ram.mb", "384");
    }

    /** Where the NodeManager keeps container work and log directories. */
    Path nodeDirs() {
        return Path.of("target", "test", "data", MINI_YARN_NAME).toAbsolutePath();
    }

    @Override
    public void close() throws Exception {
        YarnTestbed.stopEach(
                "a NodeManager",
                extraNodeManagers.stream().map(nm -> (AutoCloseable) nm::stop).toList());
        YarnTestbed.stopEach(
                "the Kerberos testbed",
                List.<AutoCloseable>of(yarnClient::stop, yarn::stop, () -> dfs.shutdown(true), zk::close, kdc::stop));
        // later tests in this JVM run against unsecured clusters
        UserGroupInformation.reset();
        System.clearProperty("java.security.krb5.conf");
        YarnTestbed.deleteTree(tmp);
        YarnTestbed.deleteTree(nodeDirs());
    }
}

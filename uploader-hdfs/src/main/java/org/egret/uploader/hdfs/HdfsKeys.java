package org.egret.uploader.hdfs;

import org.egret.config.ConfigKey;

/** The HDFS uploader's keys, and the Hadoop client's that YARN shares (egret.uploader.type: hdfs). */
public final class HdfsKeys {
    private HdfsKeys() {}

    public static final ConfigKey<String> DIR = ConfigKey.string(
            "egret.uploader.hdfs.dir",
            "/egret/packages",
            "HDFS directory URI packages are uploaded under, as <dir>/<topology>/topology.tar.gz, e.g. "
                    + "hdfs://namenode:8020/egret/packages. Without a scheme and authority it is resolved "
                    + "against fs.defaultFS of the Hadoop configuration.");

    public static final ConfigKey<String> HADOOP_CONF_DIR = ConfigKey.string(
            "egret.uploader.hadoop.conf.dir",
            "",
            "Directory holding the Hadoop client configuration (core-site.xml, hdfs-site.xml). "
                    + "Empty: the HADOOP_CONF_DIR environment variable, if set.");

    public static final ConfigKey<String> KERBEROS_PRINCIPAL = ConfigKey.string(
            "egret.hadoop.kerberos.principal",
            "",
            "Kerberos principal the HDFS uploader and the YARN scheduler log in as, with "
                    + "egret.hadoop.kerberos.keytab, on a cluster with hadoop.security.authentication=kerberos, e.g. "
                    + "egret@EXAMPLE.COM. Empty: the user's ticket cache (kinit).");

    public static final ConfigKey<String> KERBEROS_KEYTAB = ConfigKey.string(
            "egret.hadoop.kerberos.keytab",
            "",
            "Keytab of egret.hadoop.kerberos.principal. On YARN it also goes to the topology's ApplicationMaster "
                    + "(never to its other containers), which logs in from it to obtain fresh HDFS delegation tokens "
                    + "for the containers it starts after the submit's tokens near their maximum lifetime.");

    public static final ConfigKey<Integer> CONNECT_TIMEOUT_MS = ConfigKey.integer(
            "egret.uploader.hdfs.connect.timeout.ms",
            5000,
            100,
            600_000,
            "Timeout of one connection attempt to the NameNode (Hadoop's ipc.client.connect.timeout).");

    public static final ConfigKey<Integer> CONNECT_RETRIES = ConfigKey.integer(
            "egret.uploader.hdfs.connect.retries",
            2,
            0,
            100,
            "Retries of a NameNode connection attempt that timed out (Hadoop's "
                    + "ipc.client.connect.max.retries.on.timeouts and ...max.retries); a refused connection fails "
                    + "at once. With the timeout this bounds how long an unreachable NameNode stalls a submit.");

    public static final ConfigKey<Integer> RPC_TIMEOUT_MS = ConfigKey.integer(
            "egret.uploader.hdfs.rpc.timeout.ms",
            60_000,
            1000,
            3_600_000,
            "Timeout of one call to a NameNode that accepted the connection but does not answer "
                    + "(Hadoop's ipc.client.rpc-timeout.ms).");
}

package org.egret.uploader.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.egret.uploader.UploaderKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the Hadoop configuration and the packages directory are found, without a cluster. */
class HadoopClientConfigTest {
    @TempDir
    Path tmp;

    private Path confDirWithDefaultFs(String defaultFs) throws IOException {
        Files.writeString(
                tmp.resolve("core-site.xml"),
                "<configuration><property><name>fs.defaultFS</name>" + "<value>" + defaultFs
                        + "</value></property></configuration>");
        return tmp;
    }

    @Test
    void hadoopConfDirFromTheEnvironmentWhenTheKeyIsUnset() throws IOException {
        Path dir = confDirWithDefaultFs("hdfs://nn.example:8020");
        EgretConfig config = EgretConfig.defaults();
        Configuration conf = HadoopClientConfig.load(config, Map.of("HADOOP_CONF_DIR", dir.toString()));
        assertEquals("hdfs://nn.example:8020", conf.get("fs.defaultFS"));
        assertEquals(URI.create("hdfs://nn.example:8020/egret/packages"), HadoopClientConfig.packagesDir(config, conf));
    }

    @Test
    void theKeyWinsOverTheEnvironment() throws IOException {
        Path dir = confDirWithDefaultFs("hdfs://from-key:9000");
        EgretConfig config = EgretConfig.fromMap(Map.of(HdfsKeys.HADOOP_CONF_DIR.name(), dir.toString()));
        Configuration conf = HadoopClientConfig.load(config, Map.of("HADOOP_CONF_DIR", "/does/not/matter"));
        assertEquals("hdfs://from-key:9000", conf.get("fs.defaultFS"));
    }

    @Test
    void connectionBoundsComeFromEgretKeys() {
        EgretConfig config = EgretConfig.fromMap(
                Map.of(HdfsKeys.CONNECT_RETRIES.name(), 3, HdfsKeys.CONNECT_TIMEOUT_MS.name(), 1500));
        Configuration conf = HadoopClientConfig.load(config, Map.of());
        assertEquals(3, conf.getInt("ipc.client.connect.max.retries", -1));
        assertEquals(3, conf.getInt("ipc.client.connect.max.retries.on.timeouts", -1));
        assertEquals(1500, conf.getInt("ipc.client.connect.timeout", -1));
    }

    @Test
    void aMissingConfDirIsNamed() {
        EgretConfig config = EgretConfig.fromMap(Map.of(HdfsKeys.HADOOP_CONF_DIR.name(), "/no/such/hadoop/conf"));
        ConfigException e = assertThrows(ConfigException.class, () -> HadoopClientConfig.load(config, Map.of()));
        assertTrue(
                e.getMessage().contains("/no/such/hadoop/conf (from egret.uploader.hadoop.conf.dir) does not exist"),
                e.getMessage());
    }

    @Test
    void aPathNeedsAnHdfsDefaultFs() {
        EgretConfig config = EgretConfig.defaults();
        Configuration conf = HadoopClientConfig.load(config, Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> HadoopClientConfig.packagesDir(config, conf));
        assertTrue(e.getMessage().contains("names no hdfs:// NameNode"), e.getMessage());
    }

    @Test
    void otherSchemesAreRefused() {
        EgretConfig config = EgretConfig.fromMap(Map.of(HdfsKeys.DIR.name(), "s3a://bucket/egret"));
        Configuration conf = HadoopClientConfig.load(config, Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> HadoopClientConfig.packagesDir(config, conf));
        assertTrue(e.getMessage().contains("must be an hdfs:// URI"), e.getMessage());
    }

    @Test
    void aFullUriIsKept() {
        EgretConfig config = EgretConfig.fromMap(Map.of(HdfsKeys.DIR.name(), "hdfs://nn:8020/x/y"));
        assertEquals(
                URI.create("hdfs://nn:8020/x/y"),
                HadoopClientConfig.packagesDir(config, HadoopClientConfig.load(config, Map.of())));
    }

    /** conf/local-hdfs is a complete cluster directory: conf/local's files, with the HDFS uploader. */
    @Test
    void theLocalHdfsClusterDirectoryLoads() throws IOException {
        Path conf = Path.of(System.getProperty("user.dir")).resolve("../conf").normalize();
        EgretConfig config = EgretConfig.load(conf, "local-hdfs", Map.of());
        assertEquals("hdfs", config.get(UploaderKeys.TYPE));
        assertEquals("/egret/packages", config.get(HdfsKeys.DIR));
        try (var files = Files.list(conf.resolve("local"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                assertTrue(
                        Files.exists(conf.resolve("local-hdfs").resolve(f.getFileName())),
                        "conf/local-hdfs lacks " + f.getFileName() + " of conf/local");
            }
        }
    }
}

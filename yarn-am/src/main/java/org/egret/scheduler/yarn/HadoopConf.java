package org.egret.scheduler.yarn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.egret.uploader.hdfs.HdfsKeys;

/**
 * The Hadoop client configuration of the YARN client and the ApplicationMaster: the site files of
 * the uploader's Hadoop configuration directory (else HADOOP_CONF_DIR), so that HDFS and YARN are
 * named in one place. The client ships these files inside the core package, where the AM finds
 * them again, so no path of the submitting machine is needed on the cluster.
 */
final class HadoopConf {
    static final String[] SITE_FILES = {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"};

    private HadoopConf() {}

    static YarnConfiguration load(EgretConfig config) {
        YarnConfiguration conf = new YarnConfiguration();
        for (Path site : siteFiles(config)) {
            conf.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
        }
        // an unreachable ResourceManager fails a command in seconds, not Hadoop's quarter hour
        int timeout = config.get(HdfsKeys.CONNECT_TIMEOUT_MS);
        conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, Math.max(timeout * 3L, 10_000));
        conf.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 1000);
        conf.setInt("ipc.client.connect.timeout", timeout);
        conf.setInt("ipc.client.connect.max.retries", config.get(HdfsKeys.CONNECT_RETRIES));
        conf.setInt("ipc.client.connect.max.retries.on.timeouts", config.get(HdfsKeys.CONNECT_RETRIES));
        try {
            conf.size();
        } catch (RuntimeException e) {
            throw new ConfigException(
                    "cannot read the Hadoop configuration " + siteFiles(config) + ": " + e.getMessage(), e);
        }
        return conf;
    }

    /** The site files present in the Hadoop configuration directory (none without one). */
    static List<Path> siteFiles(EgretConfig config) {
        List<Path> files = new ArrayList<>();
        directory(config, System.getenv()).ifPresent(dir -> {
            for (String name : SITE_FILES) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    files.add(dir.resolve(name));
                }
            }
        });
        return files;
    }

    static Optional<Path> directory(EgretConfig config, Map<String, String> env) {
        String dir = config.get(HdfsKeys.HADOOP_CONF_DIR);
        String from = HdfsKeys.HADOOP_CONF_DIR.name();
        if (dir.isBlank()) {
            dir = env.getOrDefault("HADOOP_CONF_DIR", "");
            from = "HADOOP_CONF_DIR";
        }
        if (dir.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(dir).toAbsolutePath();
        if (!Files.isDirectory(path)) {
            throw new ConfigException("Hadoop configuration directory " + path + " (from " + from + ") does not exist");
        }
        return Optional.of(path);
    }
}

package org.egret.uploader.hdfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hadoop client configuration Egret's HDFS uploader and package source use: the site files
 * of the configured (or HADOOP_CONF_DIR) directory, with Egret's connection bounds on top so an
 * unreachable NameNode fails a submit in seconds instead of Hadoop's default quarter hour.
 */
final class HadoopClientConfig {
    private static final Logger LOG = LoggerFactory.getLogger(HadoopClientConfig.class);
    static final String SCHEME = "hdfs";

    private HadoopClientConfig() {}

    static Configuration load(EgretConfig config) {
        return load(config, System.getenv());
    }

    static Configuration load(EgretConfig config, Map<String, String> env) {
        Configuration conf = new Configuration();
        confDir(config, env).ifPresent(dir -> {
            for (String site : new String[] {"core-site.xml", "hdfs-site.xml"}) {
                Path file = dir.resolve(site);
                if (Files.isRegularFile(file)) {
                    conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
                }
            }
            LOG.debug("Hadoop configuration from {}", dir);
        });
        int timeout = config.get(HdfsKeys.CONNECT_TIMEOUT_MS);
        int retries = config.get(HdfsKeys.CONNECT_RETRIES);
        conf.setInt("ipc.client.connect.timeout", timeout);
        conf.setInt("ipc.client.connect.max.retries", retries);
        conf.setInt("ipc.client.connect.max.retries.on.timeouts", retries);
        conf.setInt("ipc.client.connect.retry.interval", Math.min(1000, timeout));
        conf.setInt("ipc.client.rpc-timeout.ms", config.get(HdfsKeys.RPC_TIMEOUT_MS));
        // Writing to a DataNode that cannot be reached must not wait minutes either
        conf.setInt("dfs.client.socket-timeout", Math.max(timeout, config.get(HdfsKeys.RPC_TIMEOUT_MS)));
        try {
            // resolve now so a broken site file fails here, naming the file, not deep inside an upload
            conf.size();
        } catch (RuntimeException e) {
            throw new ConfigException(
                    "cannot read the Hadoop configuration"
                            + confDir(config, env).map(d -> " in " + d).orElse("") + ": " + e.getMessage(),
                    e);
        }
        return conf;
    }

    /** The Hadoop configuration directory: Egret's key, else HADOOP_CONF_DIR; must exist if named. */
    static Optional<Path> confDir(EgretConfig config, Map<String, String> env) {
        String configured = config.get(HdfsKeys.HADOOP_CONF_DIR);
        String from = HdfsKeys.HADOOP_CONF_DIR.name();
        if (configured.isBlank()) {
            configured = env.getOrDefault("HADOOP_CONF_DIR", "");
            from = "the HADOOP_CONF_DIR environment variable";
        }
        if (configured.isBlank()) {
            return Optional.empty();
        }
        Path dir = Path.of(configured).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("Hadoop configuration directory " + dir + " (from " + from + ") does not exist");
        }
        return Optional.of(dir);
    }

    /**
     * The fully qualified directory packages go to: {@code egret.uploader.hdfs.dir}, resolved
     * against fs.defaultFS when it names only a path.
     */
    static URI packagesDir(EgretConfig config, Configuration conf) {
        String raw = config.get(HdfsKeys.DIR).trim();
        URI dir;
        try {
            dir = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException(HdfsKeys.DIR.name() + " is not a URI: '" + raw + "'");
        }
        if (dir.getScheme() == null) {
            URI fs = FileSystem.getDefaultUri(conf);
            if (!SCHEME.equals(fs.getScheme())) {
                throw new ConfigException(HdfsKeys.DIR.name() + " '" + raw + "' names no hdfs:// "
                        + "NameNode and the Hadoop configuration's fs.defaultFS is '" + fs + "': set an hdfs:// URI or "
                        + HdfsKeys.HADOOP_CONF_DIR.name() + " (or HADOOP_CONF_DIR) to a directory whose core-site.xml "
                        + "names the cluster");
            }
            dir = fs.resolve(raw.startsWith("/") ? raw : "/" + raw);
        }
        if (!SCHEME.equals(dir.getScheme())) {
            throw new ConfigException(HdfsKeys.DIR.name() + " must be an hdfs:// URI, got '" + raw + "'");
        }
        if (dir.getAuthority() == null) {
            URI fs = FileSystem.getDefaultUri(conf);
            if (!SCHEME.equals(fs.getScheme()) || fs.getAuthority() == null) {
                throw new ConfigException(HdfsKeys.DIR.name() + " '" + raw + "' names no NameNode host "
                        + "and fs.defaultFS ('" + fs + "') names none either");
            }
            dir = URI.create(SCHEME + "://" + fs.getAuthority() + dir.getPath());
        }
        return dir;
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e.getMessage(), e);
    }
}

package org.egret.uploader.hdfs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.uploader.PackageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets executors download {@code hdfs://} packages; registered for core's
 * {@code PackageFetcher} in {@code META-INF/services}.
 */
@PluginType(HadoopClientConfig.SCHEME)
public final class HdfsPackageSource implements PackageSource {
    private static final Logger LOG = LoggerFactory.getLogger(HdfsPackageSource.class);

    private EgretConfig config;

    @Override
    public void initialize(EgretConfig config) {
        this.config = config;
    }

    @Override
    public void fetch(URI uri, java.nio.file.Path target) throws IOException {
        Configuration conf = HadoopClientConfig.load(config);
        KerberosLogin.ensure(config, conf);
        // streamed by hand: copyToLocalFile would also write a .crc file beside the target
        try (FileSystem fs = FileSystem.newInstance(uri, conf);
                InputStream in = fs.open(new Path(uri))) {
            long bytes = Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("fetched {} ({} bytes)", uri, bytes);
        } catch (IOException e) {
            throw HdfsErrors.explain("fetching", uri, e, conf);
        }
    }
}

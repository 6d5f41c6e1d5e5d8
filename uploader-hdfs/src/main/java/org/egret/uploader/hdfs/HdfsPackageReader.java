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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies an {@code hdfs://} package to a local file with Hadoop's client (for {@link HdfsPackageSource}). */
final class HdfsPackageReader {
    private static final Logger LOG = LoggerFactory.getLogger(HdfsPackageReader.class);

    private HdfsPackageReader() {}

    static void fetch(EgretConfig config, URI uri, java.nio.file.Path target) throws IOException {
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

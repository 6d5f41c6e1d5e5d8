package org.egret.scheduler.yarn;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.egret.config.EgretConfig;
import org.egret.uploader.hdfs.HdfsKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the owner's keytab beside the topology package, created readable by the owner only (no
 * moment exists when others could read it), for YARN to localize into the ApplicationMaster's
 * container; kill removes it with the package directory's other files.
 */
final class KeytabUpload {
    private static final Logger LOG = LoggerFactory.getLogger(KeytabUpload.class);
    private static final FsPermission OWNER_ONLY = new FsPermission((short) 0600);

    private KeytabUpload() {}

    /** The uploaded keytab, or null when none is configured or Hadoop security is off. */
    static URI place(EgretConfig config, URI topologyPackage, Configuration conf) throws IOException {
        String keytab = config.get(HdfsKeys.KERBEROS_KEYTAB).trim();
        if (keytab.isEmpty() || !UserGroupInformation.isSecurityEnabled()) {
            return null;
        }
        URI target = location(topologyPackage);
        try (FileSystem fs = FileSystem.newInstance(target, conf);
                InputStream in = Files.newInputStream(Path.of(keytab));
                OutputStream out = fs.create(
                        new org.apache.hadoop.fs.Path(target),
                        OWNER_ONLY,
                        true,
                        conf.getInt("io.file.buffer.size", 4096),
                        fs.getDefaultReplication(new org.apache.hadoop.fs.Path(target)),
                        fs.getDefaultBlockSize(new org.apache.hadoop.fs.Path(target)),
                        null)) {
            in.transferTo(out);
        }
        LOG.info("uploaded the keytab for the ApplicationMaster to {} (mode 0600)", target);
        return target;
    }

    static URI location(URI topologyPackage) {
        return CorePackage.beside(topologyPackage, ContainerLayout.KEYTAB_LINK);
    }
}

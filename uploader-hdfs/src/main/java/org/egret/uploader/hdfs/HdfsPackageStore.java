package org.egret.uploader.hdfs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.egret.config.EgretConfig;
import org.egret.uploader.TopologyPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packages directory {@code <egret.uploader.hdfs.dir>} on HDFS, through Hadoop's shaded client:
 * {@link HdfsUploader}'s work, kept apart so that the plug-in itself links without Hadoop.
 */
final class HdfsPackageStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HdfsPackageStore.class);
    static final FsPermission OWNER_ONLY_DIR = new FsPermission((short) 0700);
    static final FsPermission OWNER_ONLY_FILE = new FsPermission((short) 0600);

    private final Configuration conf;
    private final URI dir;
    private FileSystem fs;

    HdfsPackageStore(EgretConfig config) {
        conf = HadoopClientConfig.load(config);
        dir = HadoopClientConfig.packagesDir(config, conf);
        KerberosLogin.ensure(config, conf);
        try {
            // a private instance: the shared cache would hand out one built from another Configuration
            fs = FileSystem.newInstance(dir, conf);
        } catch (IOException e) {
            throw HadoopClientConfig.unchecked(HdfsErrors.explain("connecting to", dir, e, conf));
        }
    }

    URI upload(java.nio.file.Path packageFile, String topology) {
        if (topology.isEmpty() || topology.contains("/") || topology.startsWith(".")) {
            throw new IllegalArgumentException("'" + topology + "' cannot name an HDFS directory");
        }
        Path topoDir = new Path(new Path(dir), topology);
        Path target = new Path(topoDir, TopologyPackage.FILE_NAME);
        URI targetUri = target.toUri();
        boolean dirExisted;
        try {
            dirExisted = fs.exists(topoDir);
            if (dirExisted && fs.exists(target)) {
                throw alreadyUploaded(topology, targetUri);
            }
        } catch (IOException e) {
            throw HadoopClientConfig.unchecked(HdfsErrors.explain("uploading to", targetUri, e, conf));
        }
        boolean created = false;
        try {
            // Owner-only (the package holds the topology's code and config): YARN localizes it as the
            // submitting user (APPLICATION visibility), so nobody else needs to read it.
            // The packages directory may be shared by several users: only the topology's own is narrowed.
            fs.mkdirs(topoDir.getParent());
            fs.mkdirs(topoDir, OWNER_ONLY_DIR);
            if (!dirExisted) {
                fs.setPermission(topoDir, OWNER_ONLY_DIR);
            }
            // overwrite=false: the NameNode refuses an existing file atomically, even in a race
            try (OutputStream out = fs.create(
                    target,
                    OWNER_ONLY_FILE,
                    false,
                    conf.getInt("io.file.buffer.size", 4096),
                    fs.getDefaultReplication(target),
                    fs.getDefaultBlockSize(target),
                    null)) {
                created = true;
                Files.copy(packageFile, out);
            }
            LOG.info("uploaded {} ({} bytes) to {}", packageFile, Files.size(packageFile), targetUri);
            return targetUri;
        } catch (FileAlreadyExistsException e) {
            throw alreadyUploaded(topology, targetUri);
        } catch (IOException e) {
            IOException clear = HdfsErrors.explain("uploading to", targetUri, e, conf);
            removeLeftovers(created ? target : null, dirExisted ? null : topoDir, clear);
            throw HadoopClientConfig.unchecked(clear);
        }
    }

    private static IllegalStateException alreadyUploaded(String topology, URI target) {
        return new IllegalStateException("a package for '" + topology + "' is already uploaded at " + target
                + " (left by a topology of that name that still runs or was not killed cleanly; delete it with "
                + "'hdfs dfs -rm -r " + target.resolve(".") + "' if it is stale)");
    }

    /** After a failed upload: the partial file, and the topology directory if this upload made it. */
    private void removeLeftovers(Path partial, Path createdDir, IOException failure) {
        try {
            if (partial != null) {
                fs.delete(partial, false);
            }
            if (createdDir != null && fs.exists(createdDir) && fs.listStatus(createdDir).length == 0) {
                fs.delete(createdDir, false);
            }
        } catch (IOException e) {
            failure.addSuppressed(e);
            LOG.warn("cannot remove what the failed upload left in {}", createdDir != null ? createdDir : partial, e);
        }
    }

    boolean holds(URI packageUri) {
        try {
            return resolve(packageUri).isPresent();
        } catch (IOException e) {
            throw HadoopClientConfig.unchecked(HdfsErrors.explain("resolving", packageUri, e, conf));
        }
    }

    /**
     * The package's path in our file system, if strictly inside the packages directory: same
     * NameNode, {@code ..} applied, and where it exists its symlinks resolved (HDFS may have them
     * enabled). A URI of another file system is never ours, not even one an older setting uploaded to.
     */
    private Optional<Path> resolve(URI packageUri) throws IOException {
        URI uri = packageUri.normalize();
        URI ours = fs.getUri();
        if (uri.getScheme() != null
                && !(ours.getScheme().equals(uri.getScheme())
                        && Objects.equals(ours.getAuthority(), uri.getAuthority()))) {
            return Optional.empty();
        }
        Path candidate = fs.makeQualified(new Path(uri.getPath()));
        Path root = fs.makeQualified(new Path(dir.normalize().getPath()));
        if (fs.exists(root)) {
            root = fs.resolvePath(root);
        }
        if (fs.exists(candidate)) {
            candidate = fs.resolvePath(candidate);
        }
        return strictlyInside(root, candidate) && !uri.getPath().contains("/../")
                ? Optional.of(candidate)
                : Optional.empty();
    }

    private static boolean strictlyInside(Path root, Path candidate) {
        String r = root.toUri().getPath().replaceAll("/+$", "");
        String c = candidate.toUri().getPath();
        return Objects.equals(root.toUri().getAuthority(), candidate.toUri().getAuthority())
                && c.startsWith(r + "/")
                && c.length() > r.length() + 1;
    }

    void delete(URI packageUri) {
        try {
            // the path checked is the one removed
            Path target = resolve(packageUri)
                    .orElseThrow(() -> new IllegalArgumentException(
                            packageUri + " is not inside the HDFS uploader's directory " + dir + "; not deleted"));
            fs.delete(target, false);
            Path topoDir = target.getParent();
            Path root = fs.makeQualified(new Path(dir.normalize().getPath()));
            if (topoDir != null
                    && strictlyInside(fs.exists(root) ? fs.resolvePath(root) : root, topoDir)
                    && fs.exists(topoDir)
                    && fs.listStatus(topoDir).length == 0) {
                fs.delete(topoDir, false);
            }
            LOG.info("deleted {}", target);
        } catch (IOException e) {
            throw HadoopClientConfig.unchecked(HdfsErrors.explain("deleting", packageUri, e, conf));
        }
    }

    @Override
    public void close() {
        if (fs != null) {
            try {
                fs.close();
            } catch (IOException e) {
                LOG.warn("cannot close the HDFS client of {}", dir, e);
            }
            fs = null;
        }
    }
}

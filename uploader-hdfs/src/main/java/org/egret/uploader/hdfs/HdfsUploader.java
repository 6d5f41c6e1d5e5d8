package org.egret.uploader.hdfs;

import java.net.URI;
import java.nio.file.Path;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.uploader.Uploader;

/**
 * Uploads topology packages to {@code <egret.uploader.hdfs.dir>/<topology>/topology.tar.gz}
 * with Hadoop's shaded client. Loaded by core's {@code Uploaders} by name when
 * {@code egret.uploader.type=hdfs}; executors read the package back through
 * {@link HdfsPackageSource}. Hadoop's classes are reached only through {@link HdfsPackageStore}: this
 * class must link in processes that run without Hadoop's client on their class path, where the
 * plug-in lookup still lists it.
 */
@PluginType("hdfs")
public final class HdfsUploader implements Uploader {
    private HdfsPackageStore store;

    @Override
    public void initialize(EgretConfig config) {
        store = new HdfsPackageStore(config);
    }

    @Override
    public URI upload(Path packageFile, String topology) {
        return store.upload(packageFile, topology);
    }

    @Override
    public boolean holds(URI packageUri) {
        return store.holds(packageUri);
    }

    @Override
    public void delete(URI packageUri) {
        store.delete(packageUri);
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}

package org.egret.uploader.hdfs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.uploader.PackageSource;

/**
 * Lets executors download {@code hdfs://} packages; registered for core's
 * {@code PackageFetcher} in {@code META-INF/services}. Hadoop's classes are reached only through
 * {@link HdfsPackageReader}: this class must link in processes that run without Hadoop's client on
 * their class path, where the plug-in lookup still lists it.
 */
@PluginType(HadoopClientConfig.SCHEME)
public final class HdfsPackageSource implements PackageSource {
    private EgretConfig config;

    @Override
    public void initialize(EgretConfig config) {
        this.config = config;
    }

    @Override
    public void fetch(URI uri, Path target) throws IOException {
        HdfsPackageReader.fetch(config, uri, target);
    }
}

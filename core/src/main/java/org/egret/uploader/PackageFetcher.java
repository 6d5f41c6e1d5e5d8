package org.egret.uploader;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.egret.config.EgretConfig;
import org.egret.plugin.Plugins;

/**
 * Brings an uploaded package to a container through the {@link PackageSource} of its URI's scheme; a
 * bare path is a {@code file:} URI.
 */
public final class PackageFetcher {
    private PackageFetcher() {}

    public static void fetch(URI uri, Path target, EgretConfig config) throws IOException {
        fetch(uri, target, config, PackageFetcher.class.getClassLoader());
    }

    /** As {@link #fetch(URI, Path, EgretConfig)}, looking for sources through {@code loader}. */
    static void fetch(URI uri, Path target, EgretConfig config, ClassLoader loader) throws IOException {
        String scheme = uri.getScheme() == null ? "file" : uri.getScheme();
        PackageSource source;
        try {
            source = Plugins.open(PackageSource.class, scheme, config, loader);
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "no package source for '" + scheme + "' URIs (" + uri + "): " + e.getMessage()
                            + (scheme.equals("hdfs")
                                    ? "; the egret-uploader-hdfs jar belongs in lib/, and Hadoop's client jars in lib/cluster/"
                                    : ""),
                    e);
        } catch (IllegalStateException e) {
            // a registered source whose own dependencies are missing: say which one
            throw new IOException("cannot load a package source: " + e.getMessage(), e);
        }
        try (source) {
            source.fetch(uri, target);
        }
    }
}

package org.egret.uploader;

import java.net.URI;
import java.nio.file.Path;
import org.egret.config.EgretConfig;
import org.egret.plugin.Plugin;

/** Puts a topology package where containers can fetch it. Implementations: local FS, HDFS. */
public interface Uploader extends Plugin {
    void initialize(EgretConfig config);

    /** Uploads the package file for the topology and returns the URI executors fetch it from. */
    URI upload(Path packageFile, String topology);

    /**
     * Whether {@code packageUri} names a path strictly inside this uploader's directory, after
     * {@code ..} and (where the file system resolves them) symlinks: the only packages {@link #delete}
     * removes. A kill reads the URI from shared state, so it must not be trusted to name a package.
     */
    boolean holds(URI packageUri);

    /**
     * Removes an uploaded package, and its directory once empty; absent is fine. A URI this
     * uploader does not {@link #holds hold} is refused with an {@link IllegalArgumentException}.
     */
    void delete(URI packageUri);

    @Override
    default void close() {}
}

package org.egret.uploader;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.egret.plugin.Plugin;
import org.egret.plugin.PluginType;

/**
 * Downloads packages of one URI scheme, the name in its {@link PluginType}: core reads
 * {@code file:} itself, and a module adds another (e.g. {@code hdfs:}) without core linking against
 * the storage's client library.
 */
public interface PackageSource extends Plugin {
    /**
     * Copies the package at {@code uri} to {@code target}, replacing it. On failure the exception
     * says what went wrong in terms a user can act on (unreachable service, missing file, denied).
     */
    void fetch(URI uri, Path target) throws IOException;
}

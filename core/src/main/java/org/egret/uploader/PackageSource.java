package org.egret.uploader;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.egret.config.EgretConfig;

/**
 * Downloads packages whose URI scheme core cannot read itself (e.g. {@code hdfs:}). Modules
 * register implementations in {@code META-INF/services/org.egret.uploader.PackageSource}; the
 * {@link PackageFetcher} finds them with {@link java.util.ServiceLoader}, so core never links
 * against the storage's client library.
 */
public interface PackageSource {
  /** Whether this source can read {@code uri}; usually a test of its scheme. */
  boolean handles(URI uri);

  /**
   * Copies the package at {@code uri} to {@code target}, replacing it. On failure the exception
   * says what went wrong in terms a user can act on (unreachable service, missing file, denied).
   */
  void fetch(URI uri, Path target, EgretConfig config) throws IOException;
}

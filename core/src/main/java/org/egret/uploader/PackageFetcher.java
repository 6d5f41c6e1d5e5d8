package org.egret.uploader;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.egret.config.EgretConfig;

/**
 * Brings an uploaded package to a container. {@code file:} URIs are copied; other schemes are
 * handed to the uploader that made them (e.g. HDFS), found by scheme.
 */
public final class PackageFetcher {
  private PackageFetcher() {
  }

  public static void fetch(URI uri, Path target, EgretConfig config) throws IOException {
    String scheme = uri.getScheme() == null ? "file" : uri.getScheme();
    if (scheme.equals("file")) {
      Files.copy(Path.of(uri.getScheme() == null ? URI.create("file:" + uri) : uri), target,
          StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    throw new IOException("no fetcher for '" + scheme + "' URIs (" + uri + ") in this build");
  }
}

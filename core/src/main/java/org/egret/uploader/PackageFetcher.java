package org.egret.uploader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.egret.config.EgretConfig;

/**
 * Brings an uploaded package to a container. {@code file:} URIs (and bare paths) are copied;
 * any other scheme goes to the first {@link PackageSource} on the class path that handles it.
 */
public final class PackageFetcher {
  private PackageFetcher() {
  }

  public static void fetch(URI uri, Path target, EgretConfig config) throws IOException {
    fetch(uri, target, config, PackageFetcher.class.getClassLoader());
  }

  /** As {@link #fetch(URI, Path, EgretConfig)}, looking for sources through {@code loader}. */
  static void fetch(URI uri, Path target, EgretConfig config, ClassLoader loader) throws IOException {
    String scheme = uri.getScheme() == null ? "file" : uri.getScheme();
    if (scheme.equals("file")) {
      // into the target itself, which keeps its mode (a fresh temporary file is 0600)
      try (InputStream in = Files.newInputStream(Path.of(uri.getScheme() == null ? URI.create("file:" + uri)
          : uri)); OutputStream out = Files.newOutputStream(target)) {
        in.transferTo(out);
      }
      return;
    }
    List<String> seen = new ArrayList<>();
    for (PackageSource source : sources(loader)) {
      if (source.handles(uri)) {
        source.fetch(uri, target, config);
        return;
      }
      seen.add(source.getClass().getName());
    }
    throw new IOException("no package source for '" + scheme + "' URIs (" + uri + ") on the class path"
        + (seen.isEmpty() ? "" : "; found only " + String.join(", ", seen))
        + (scheme.equals("hdfs") ? "; the egret-uploader-hdfs jar and Hadoop's client jars belong in lib/" : ""));
  }

  private static List<PackageSource> sources(ClassLoader loader) throws IOException {
    try {
      List<PackageSource> out = new ArrayList<>();
      ServiceLoader.load(PackageSource.class, loader).forEach(out::add);
      return out;
    } catch (ServiceConfigurationError e) {
      // a registered source whose own dependencies are missing: say which one
      throw new IOException("cannot load a package source: " + e.getMessage(), e);
    }
  }
}

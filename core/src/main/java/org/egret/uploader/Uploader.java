package org.egret.uploader;

import java.net.URI;
import java.nio.file.Path;
import org.egret.config.EgretConfig;

/** Puts a topology package where containers can fetch it. Implementations: local FS, HDFS. */
public interface Uploader extends AutoCloseable {
  void initialize(EgretConfig config);

  /** Uploads the package file for the topology and returns the URI executors fetch it from. */
  URI upload(Path packageFile, String topology);

  /** Removes an uploaded package; absent is fine. */
  void delete(URI packageUri);

  @Override
  default void close() {
  }
}

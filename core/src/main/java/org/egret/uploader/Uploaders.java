package org.egret.uploader;

import org.egret.config.EgretConfig;
import org.egret.uploader.local.LocalFileUploader;

/** Creates the configured uploader. */
public final class Uploaders {
  private Uploaders() {
  }

  public static Uploader open(EgretConfig config) {
    String type = config.get(UploaderKeys.TYPE);
    Uploader u;
    if (type.equals("local")) {
      u = new LocalFileUploader();
    } else {
      try {
        u = (Uploader) Class.forName("org.egret.uploader.hdfs.HdfsUploader").getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new IllegalStateException("uploader '" + type + "' is not on the class path (the "
            + "egret-uploader-" + type + " jar and its dependencies belong in lib/): " + e, e);
      }
    }
    u.initialize(config);
    return u;
  }
}

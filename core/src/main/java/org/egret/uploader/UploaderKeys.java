package org.egret.uploader;

import java.util.List;
import org.egret.config.ConfigKey;

public final class UploaderKeys {
  private UploaderKeys() {
  }

  public static final ConfigKey<String> TYPE = ConfigKey.oneOf("egret.uploader.type", "local",
      List.of("local", "hdfs"), "Where topology packages are uploaded.");

  public static final ConfigKey<String> LOCAL_DIR = ConfigKey.string("egret.uploader.local.dir",
      System.getProperty("user.home") + "/.egret/packages",
      "Directory the local uploader copies topology packages into.");
}

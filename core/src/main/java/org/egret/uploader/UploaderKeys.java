package org.egret.uploader;

import org.egret.config.ConfigKey;
import org.egret.plugin.Plugins;

public final class UploaderKeys {
    private UploaderKeys() {}

    public static final ConfigKey<String> TYPE = ConfigKey.oneOf(
            "egret.uploader.type",
            "local",
            () -> Plugins.types(Uploader.class),
            "Where topology packages are uploaded: local (a directory every "
                    + "host sees), or any installed uploader, such as hdfs from its module.");

    public static final ConfigKey<String> LOCAL_DIR = ConfigKey.string(
            "egret.uploader.local.dir",
            System.getProperty("user.home") + "/.egret/packages",
            "Directory the local uploader copies topology packages into.");
}

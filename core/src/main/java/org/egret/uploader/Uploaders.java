package org.egret.uploader;

import org.egret.config.EgretConfig;
import org.egret.plugin.Plugins;

/** Opens the uploader that {@link UploaderKeys#TYPE} names. */
public final class Uploaders {
    private Uploaders() {}

    public static Uploader open(EgretConfig config) {
        return Plugins.open(Uploader.class, UploaderKeys.TYPE, config);
    }
}

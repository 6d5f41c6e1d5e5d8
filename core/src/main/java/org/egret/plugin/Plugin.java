package org.egret.plugin;

import org.egret.config.EgretConfig;

/**
 * The one lifecycle of every plug-in: {@link Plugins} makes it with its public no-argument
 * constructor, initializes it once with the process's configuration, and whoever opened it closes it.
 * A plug-in names its type with {@link PluginType} and is listed in the module's
 * {@code META-INF/services} file of its plug point, so adding one means adding a module.
 */
public interface Plugin extends AutoCloseable {
    /** Reads the plug-in's keys; throws with a message for the user when they do not fit together. */
    default void initialize(EgretConfig config) {}

    @Override
    default void close() {}
}

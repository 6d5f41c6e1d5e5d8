package org.egret.config;

import java.util.List;

/**
 * A module's classes of config keys: their static {@link ConfigKey} fields are its keys. Each module
 * lists one implementation in {@code META-INF/services/org.egret.config.ConfigKeyHolders}, so its keys
 * are known wherever its jar is on the class path and nowhere else, and core names none of them.
 */
public interface ConfigKeyHolders {
    List<Class<?>> holders();
}

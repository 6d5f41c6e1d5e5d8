package org.egret.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Every Egret key on the class path, from each module's {@link ConfigKeyHolders}. */
public final class ConfigRegistry {
    private static final Map<String, ConfigKey<?>> KEYS = collect();

    private ConfigRegistry() {}

    public static Map<String, ConfigKey<?>> keys() {
        return KEYS;
    }

    private static Map<String, ConfigKey<?>> collect() {
        Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
        try {
            for (ConfigKeyHolders module :
                    ServiceLoader.load(ConfigKeyHolders.class, ConfigRegistry.class.getClassLoader())) {
                for (Class<?> holder : module.holders()) {
                    collect(holder, keys);
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a module's config keys cannot be loaded: " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(keys);
    }

    private static void collect(Class<?> holder, Map<String, ConfigKey<?>> keys) {
        for (Field f : holder.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && ConfigKey.class.isAssignableFrom(f.getType())) {
                try {
                    ConfigKey<?> key = (ConfigKey<?>) f.get(null);
                    if (keys.put(key.name(), key) != null) {
                        throw new IllegalStateException("config key declared twice: " + key.name());
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}

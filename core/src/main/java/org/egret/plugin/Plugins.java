package org.egret.plugin;

import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.egret.config.ConfigKey;
import org.egret.config.EgretConfig;

/**
 * Finds the implementations of a plug point: {@link ServiceLoader} over the class path, each known by
 * the name in its {@link PluginType}.
 */
public final class Plugins {
    private Plugins() {}

    /**
     * The implementation that {@code typeKey} names, made and initialized; an unknown type fails with
     * the types that are installed.
     */
    public static <T extends Plugin> T open(Class<T> point, ConfigKey<String> typeKey, EgretConfig config) {
        String type = config.get(typeKey);
        ClassLoader loader = Plugins.class.getClassLoader();
        if (!providers(point, loader).containsKey(type)) {
            throw new IllegalArgumentException(typeKey.name() + ": " + notInstalled(point, type, loader));
        }
        return open(point, type, config, loader);
    }

    /** As {@link #open(Class, ConfigKey, EgretConfig)}, for a type that is not a key's value, looked up through {@code loader}. */
    public static <T extends Plugin> T open(Class<T> point, String type, EgretConfig config, ClassLoader loader) {
        T plugin = create(point, type, loader)
                .orElseThrow(() -> new IllegalArgumentException(notInstalled(point, type, loader)));
        try {
            plugin.initialize(config);
        } catch (RuntimeException e) {
            plugin.close();
            throw e;
        }
        return plugin;
    }

    private static String notInstalled(Class<?> point, String type, ClassLoader loader) {
        return "no " + point.getSimpleName() + " of type '" + type + "' is installed; the known types are "
                + String.join(", ", providers(point, loader).keySet());
    }

    /** A new, uninitialized instance of the implementation of that type, if one is installed. */
    public static <T> Optional<T> create(Class<T> point, String type) {
        return create(point, type, Plugins.class.getClassLoader());
    }

    private static <T> Optional<T> create(Class<T> point, String type, ClassLoader loader) {
        return Optional.ofNullable(providers(point, loader).get(type)).map(p -> point.cast(p.get()));
    }

    /** The installed types of a plug point, sorted. */
    public static List<String> types(Class<?> point) {
        return List.copyOf(providers(point, Plugins.class.getClassLoader()).keySet());
    }

    /**
     * Every registered implementation by its type, read from the classes without making instances;
     * a registration that cannot be loaded, or that has no type, is an {@link IllegalStateException}.
     */
    private static TreeMap<String, ServiceLoader.Provider<?>> providers(Class<?> point, ClassLoader loader) {
        TreeMap<String, ServiceLoader.Provider<?>> byType = new TreeMap<>();
        try {
            ServiceLoader.load(point, loader).stream().forEach(p -> {
                PluginType type = p.type().getAnnotation(PluginType.class);
                if (type == null) {
                    throw new IllegalStateException(p.type().getName() + " is listed as a " + point.getSimpleName()
                            + " but has no @PluginType");
                }
                ServiceLoader.Provider<?> other = byType.put(type.value(), p);
                if (other != null && other.type() != p.type()) {
                    throw new IllegalStateException("two " + point.getSimpleName() + "s of type '" + type.value()
                            + "': " + other.type().getName() + " and "
                            + p.type().getName());
                }
            });
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException(
                    "a " + point.getSimpleName() + " on the class path cannot be loaded: " + e.getMessage(), e);
        }
        return byType;
    }
}

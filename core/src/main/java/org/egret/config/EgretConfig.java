package org.egret.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Egret's own configuration: the values of declared {@link ConfigKey}s, loaded from
 * {@code conf/<cluster>/*.yaml} and overridden by {@code --config-property k=v}.
 * Immutable; every value has been validated.
 */
public final class EgretConfig {
    private final Map<String, Object> values;

    private EgretConfig(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static EgretConfig defaults() {
        return new EgretConfig(new TreeMap<>());
    }

    /** Reads every YAML file of {@code confDir/cluster} (sorted by name), then applies the overrides. */
    public static EgretConfig load(Path confDir, String cluster, Map<String, String> overrides) {
        Path dir = confDir.resolve(cluster);
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("unknown cluster '" + cluster + "': no directory " + dir);
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("cannot read " + dir + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            raw.putAll(readYaml(file));
        }
        raw.putAll(overrides);
        return fromMap(raw);
    }

    /** Builds a config from raw values; unknown keys and bad values fail with the key named. */
    public static EgretConfig fromMap(Map<String, ?> raw) {
        Map<String, Object> parsed = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            ConfigKey<?> key = ConfigRegistry.keys().get(e.getKey());
            if (key == null) {
                unknown.add(e.getKey());
                continue;
            }
            parsed.put(key.name(), key.parse(e.getValue()));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown Egret config key(s): " + String.join(", ", unknown)
                    + " (topology keys belong in the topology's own config)");
        }
        return new EgretConfig(parsed);
    }

    private static Map<String, Object> readYaml(Path file) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        try (Reader r = Files.newBufferedReader(file)) {
            Object doc = yaml.load(r);
            if (doc == null) {
                return Map.of();
            }
            if (!(doc instanceof Map<?, ?> m)) {
                throw new ConfigException(file + ": expected a map of key: value");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof ConfigException) {
                throw e;
            }
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object v = values.get(key.name());
        return v == null ? key.defaultValue() : (T) v;
    }

    public boolean isSet(ConfigKey<?> key) {
        return values.containsKey(key.name());
    }

    /** A copy with one more value; used by tests and by processes that learn a value at run time. */
    public <T> EgretConfig with(ConfigKey<T> key, Object value) {
        Map<String, Object> copy = new TreeMap<>(values);
        copy.put(key.name(), key.parse(value));
        return new EgretConfig(copy);
    }

    /** The explicitly set values as {@code k=v} strings, to hand the same config to a child process. */
    public List<String> toProperties() {
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(k + "="
                + (v instanceof List<?> l
                        ? String.join(",", l.stream().map(String::valueOf).toList())
                        : v)));
        return out;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

package org.egret.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One Egret configuration key, declared once with its type, default, validation rule and doc.
 * Holder classes (one per role, e.g. {@code PackingKeys}) declare keys as constants and are listed
 * in {@link ConfigRegistry}, so an unknown or ill-typed key in a YAML file fails with a clear message.
 */
public final class ConfigKey<T> {
    public enum Type {
        STRING,
        INT,
        LONG,
        DOUBLE,
        BOOLEAN,
        STRING_LIST
    }

    private final String name;
    private final Type type;
    private final T defaultValue;
    private final Predicate<T> validator;
    private final Supplier<String> rule;
    private final String doc;

    private ConfigKey(String name, Type type, T defaultValue, Predicate<T> validator, String rule, String doc) {
        this(name, type, defaultValue, validator, () -> rule, doc);
    }

    private ConfigKey(
            String name, Type type, T defaultValue, Predicate<T> validator, Supplier<String> rule, String doc) {
        this.name = Objects.requireNonNull(name);
        this.type = type;
        this.defaultValue = defaultValue;
        this.validator = validator;
        this.rule = rule;
        this.doc = doc;
    }

    public static ConfigKey<String> string(String name, String def, String doc) {
        return new ConfigKey<>(name, Type.STRING, def, v -> v != null, "a string", doc);
    }

    public static ConfigKey<String> oneOf(String name, String def, List<String> allowed, String doc) {
        return new ConfigKey<>(name, Type.STRING, def, allowed::contains, "one of " + allowed, doc);
    }

    /**
     * A string from a set known only at run time, such as the installed implementations of a plug point;
     * {@code allowed} is asked each time a value is checked or the rule is shown.
     */
    public static ConfigKey<String> oneOf(String name, String def, Supplier<List<String>> allowed, String doc) {
        return new ConfigKey<>(
                name, Type.STRING, def, v -> allowed.get().contains(v), () -> "one of " + allowed.get(), doc);
    }

    public static ConfigKey<Integer> integer(String name, int def, int min, int max, String doc) {
        return new ConfigKey<>(
                name, Type.INT, def, v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]", doc);
    }

    public static ConfigKey<Long> longKey(String name, long def, long min, long max, String doc) {
        return new ConfigKey<>(
                name, Type.LONG, def, v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]", doc);
    }

    public static ConfigKey<Double> decimal(String name, double def, double min, double max, String doc) {
        return new ConfigKey<>(
                name, Type.DOUBLE, def, v -> v >= min && v <= max, "a number in [" + min + ", " + max + "]", doc);
    }

    public static ConfigKey<Boolean> bool(String name, boolean def, String doc) {
        return new ConfigKey<>(name, Type.BOOLEAN, def, v -> true, "true or false", doc);
    }

    @SuppressWarnings("unchecked")
    public static ConfigKey<List<String>> stringList(String name, List<String> def, String doc) {
        return new ConfigKey<>(name, Type.STRING_LIST, def, v -> true, "a list of strings", doc);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    public String rule() {
        return rule.get();
    }

    /** Converts a raw value (from YAML or a {@code k=v} string) and validates it. */
    @SuppressWarnings("unchecked")
    public T parse(Object raw) {
        T value;
        try {
            value = (T) convert(raw);
        } catch (RuntimeException e) {
            throw new ConfigException("config key '" + name + "' must be " + rule() + ", got '" + raw + "'");
        }
        if (!validator.test(value)) {
            throw new ConfigException("config key '" + name + "' must be " + rule() + ", got '" + raw + "'");
        }
        return value;
    }

    private Object convert(Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException("null");
        }
        String s = raw.toString().trim();
        switch (type) {
            case STRING:
                return s;
            case INT:
                if (raw instanceof Number n && n.doubleValue() == n.intValue()) {
                    return n.intValue();
                }
                return Integer.parseInt(s);
            case LONG:
                if (raw instanceof Number n && n.doubleValue() == n.longValue()) {
                    return n.longValue();
                }
                return Long.parseLong(s);
            case DOUBLE:
                if (raw instanceof Number n) {
                    return n.doubleValue();
                }
                return Double.parseDouble(s);
            case BOOLEAN:
                if (raw instanceof Boolean b) {
                    return b;
                }
                if (s.equalsIgnoreCase("true")) {
                    return true;
                }
                if (s.equalsIgnoreCase("false")) {
                    return false;
                }
                throw new IllegalArgumentException(s);
            case STRING_LIST:
                if (raw instanceof List<?> l) {
                    return l.stream().map(String::valueOf).toList();
                }
                return s.isEmpty() ? List.of() : List.of(s.split("\\s*,\\s*"));
            default:
                throw new IllegalStateException(type.name());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

package org.egret.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every config key described from its one declaration: for {@code egret config list}, and for
 * {@code docs/configuration.md}, which a test regenerates and compares, so the two cannot drift.
 */
public final class ConfigReference {
    private ConfigReference() {}

    /** One key per entry, by name: what it takes, its default, the value {@code config} gives it, its doc. */
    public static String text(Map<String, ConfigKey<?>> keys, EgretConfig config) {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey<?> key : new TreeMap<>(keys).values()) {
            Object value = config.get(key);
            sb.append(key.name())
                    .append(" (")
                    .append(key.rule())
                    .append(")\n")
                    .append("    default: ")
                    .append(shown(key.defaultValue()))
                    .append('\n')
                    .append("    value:   ")
                    .append(shown(value))
                    .append(config.isSet(key) ? "  (set)" : "")
                    .append('\n')
                    .append("    ")
                    .append(key.doc())
                    .append('\n');
        }
        return sb.toString();
    }

    /** The Markdown of docs/configuration.md: one table, by key name (a key's name starts with its role). */
    public static String markdown(Map<String, ConfigKey<?>> keys) {
        StringBuilder sb = new StringBuilder("# Configuration keys\n\n")
                .append("Generated from the keys' declarations (`ConfigReference`); a test fails when this file is\n")
                .append("stale. Keys go in `conf/<cluster>/*.yaml` or `--config-property key=value`;\n")
                .append("`egret config list [--cluster C]` prints the same with each key's effective value.\n\n")
                .append("| key | value | default | description |\n|---|---|---|---|\n");
        for (ConfigKey<?> k : new TreeMap<>(keys).values()) {
            String def = portable(shown(k.defaultValue()));
            sb.append("| `")
                    .append(k.name())
                    .append("` | ")
                    .append(cell(k.rule()))
                    .append(" | ")
                    .append(def.isEmpty() ? "(empty)" : cell("`" + def + "`"))
                    .append(" | ")
                    .append(cell(k.doc()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String shown(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /**
     * Defaults taken from the JVM that runs (the user's home, the JDK) are written as what they stand
     * for, so the file is the same wherever it is generated.
     */
    private static String portable(String value) {
        String javaHome = System.getProperty("java.home");
        if (value.equals(javaHome)) {
            return "the JDK that runs Egret (java.home)";
        }
        String home = System.getProperty("user.home");
        return value.startsWith(home + "/") ? "~" + value.substring(home.length()) : value;
    }

    /** A value inside a table cell: a pipe would end the cell, a newline the row. */
    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}

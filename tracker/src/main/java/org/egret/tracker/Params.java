package org.egret.tracker;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A request's query parameters, validated: anything malformed or unknown is a 400. */
final class Params {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private final Map<String, String> values = new LinkedHashMap<>();

    Params(String rawQuery, Set<String> allowed) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k;
            String v;
            try {
                k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed query string");
            }
            if (!allowed.contains(k)) {
                throw ApiException.badRequest("unknown parameter '" + k + "'; expected one of " + allowed);
            }
            if (values.put(k, v) != null) {
                throw ApiException.badRequest("parameter '" + k + "' given twice");
            }
        }
    }

    String string(String key, String def) {
        return values.getOrDefault(key, def);
    }

    long number(String key, long def, long min, long max) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw ApiException.badRequest(
                        "parameter '" + key + "' must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    boolean flag(String key) {
        String v = values.get(key);
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "", "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw ApiException.badRequest("parameter '" + key + "' must be true or false, got '" + v + "'");
        };
    }

    List<String> list(String key) {
        String v = values.get(key);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    /** Topology and component names: what Storm allows, and nothing that could walk a path. */
    static String name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw ApiException.badRequest("invalid " + what + " name");
        }
        return value;
    }
}

package org.egret.security;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The topology secret handed to a container's executor in its environment, where a cluster manager
 * offers no better way to place a file before the executor starts (Mesos: an environment variable of
 * type SECRET). The executor moves it into the container's 0600 secret file before it starts any
 * process, and no process it starts inherits the variable: from then on the file is the only copy.
 * The value is the key in base64, since an environment cannot hold NUL bytes.
 */
public final class SecretEnvironment {
    /** The variable's name; its value is never logged. */
    public static final String VARIABLE = "EGRET_TOPOLOGY_SECRET";

    private SecretEnvironment() {}

    /** The variable's value for {@code secret}. */
    public static String encode(TopologySecret secret) {
        return Base64.getEncoder().encodeToString(secret.keyBytes());
    }

    /** The secret the environment holds, if it holds the variable. */
    public static Optional<TopologySecret> read(Map<String, String> env) {
        String value = env.get(VARIABLE);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TopologySecret.of(Base64.getDecoder().decode(value.trim())));
        } catch (IllegalArgumentException e) {
            // the message of either cause names no part of the value
            throw new IllegalStateException(
                    "the environment variable " + VARIABLE + " holds no topology secret: " + e.getMessage());
        }
    }

    /**
     * Writes the secret the environment holds, if any, to {@code file} (mode 0600). True if it did;
     * false leaves the file to whoever else placed it (the local scheduler writes it itself).
     */
    public static boolean writeFile(Map<String, String> env, Path file) {
        Optional<TopologySecret> secret = read(env);
        secret.ifPresent(s -> s.writeTo(file));
        return secret.isPresent();
    }

    /** Removes the variable from the environment a child process is about to get. */
    public static void strip(Map<String, String> env) {
        env.remove(VARIABLE);
    }
}

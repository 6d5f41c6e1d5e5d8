package org.egret.scheduler.mesos.sim;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.Secret;

/**
 * Secrets in the simulated Mesos master and agents, as Mesos 1.11 handles them: the master refuses a
 * task whose environment holds a malformed variable (its rules and messages), and the agent's
 * default secret resolver turns a VALUE secret into the variable's value and fails the launch on a
 * REFERENCE (a real agent needs a secret resolver module for those, the simulated one has none).
 */
final class SimulatedSecrets {
    private SimulatedSecrets() {}

    /** The master's check of a command's environment: null when valid, else its error message. */
    static String invalidEnvironment(Environment environment) {
        for (Environment.Variable v : environment.getVariablesList()) {
            switch (v.getType()) {
                case SECRET -> {
                    if (!v.hasSecret()) {
                        return "Environment variable '" + v.getName() + "' of type 'SECRET' must have a secret set";
                    }
                    if (v.hasValue()) {
                        return "Environment variable '" + v.getName() + "' of type 'SECRET' must not have a value set";
                    }
                    String invalid = invalidSecret(v.getSecret());
                    if (invalid != null) {
                        return "Environment variable '" + v.getName() + "' specifies an invalid secret: " + invalid;
                    }
                    if (v.getSecret().getValue().getData().toStringUtf8().indexOf('\0') >= 0) {
                        return "Environment variable '" + v.getName()
                                + "' specifies a secret containing null bytes, which "
                                + "is not allowed in the environment";
                    }
                }
                case VALUE -> {
                    if (!v.hasValue()) {
                        return "Environment variable '" + v.getName() + "' of type 'VALUE' must have a value set";
                    }
                    if (v.hasSecret()) {
                        return "Environment variable '" + v.getName() + "' of type 'VALUE' must not have a secret set";
                    }
                }
                default -> {
                    return "Environment variable of type 'UNKNOWN' is not allowed";
                }
            }
        }
        return null;
    }

    private static String invalidSecret(Secret secret) {
        return switch (secret.getType()) {
            case REFERENCE ->
                !secret.hasReference()
                        ? "Secret of type REFERENCE must have the 'reference' field set"
                        : secret.hasValue()
                                ? "Secret '" + secret.getReference().getName() + "' of type REFERENCE must not have "
                                        + "the 'value' field set"
                                : null;
            case VALUE ->
                !secret.hasValue()
                        ? "Secret of type VALUE must have the 'value' field set"
                        : secret.hasReference() ? "Secret of type VALUE must not have the 'reference' field set" : null;
            default -> null;
        };
    }

    /**
     * The environment the agent gives the task's process: each variable by name, a SECRET one with
     * its resolved value. Fails as the agent's launch does when a secret cannot be resolved.
     */
    static Map<String, String> resolve(Environment environment) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Environment.Variable v : environment.getVariablesList()) {
            if (v.getType() == Environment.Variable.Type.SECRET) {
                Secret secret = v.getSecret();
                if (secret.hasReference()) {
                    throw new IOException("Failed to resolve secret of environment variable '" + v.getName()
                            + "': the simulated agent's default secret resolver cannot resolve references");
                }
                if (!secret.hasValue()) {
                    throw new IOException("Failed to resolve secret of environment variable '" + v.getName()
                            + "': secret has no value");
                }
                out.put(v.getName(), secret.getValue().getData().toStringUtf8());
            } else {
                out.put(v.getName(), v.getValue());
            }
        }
        return out;
    }
}

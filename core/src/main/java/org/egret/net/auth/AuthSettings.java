package org.egret.net.auth;

import java.util.Objects;
import org.egret.config.EgretConfig;
import org.egret.security.TopologySecret;

/**
 * What one process brings to every connection it opens or accepts: the topology's secret, the
 * topology id both ends must agree on, the name it goes by ({@code stmgr-3}, {@code instance-7},
 * {@code cli}, ...; servers log it and key what a peer may do on it), and how long a handshake may take.
 */
public record AuthSettings(TopologySecret secret, String topologyId, String identity, long timeoutMs) {
    public AuthSettings {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(topologyId, "topologyId");
        Objects.requireNonNull(identity, "identity");
    }

    public static AuthSettings of(TopologySecret secret, String topologyId, String identity, EgretConfig config) {
        return new AuthSettings(secret, topologyId, identity, config.get(AuthKeys.AUTH_TIMEOUT_MS));
    }

    /** The same secret and topology under another name, e.g. for a process's second role. */
    public AuthSettings as(String otherIdentity) {
        return new AuthSettings(secret, topologyId, otherIdentity, timeoutMs);
    }
}

package org.egret.net.auth;

import org.egret.config.ConfigKey;

/** The keys of connection authentication. */
public final class AuthKeys {
    private AuthKeys() {}

    public static final ConfigKey<Long> AUTH_TIMEOUT_MS = ConfigKey.longKey(
            "egret.transport.auth.timeout.ms",
            5000,
            100,
            600000,
            "How long a new connection may take to authenticate (prove it holds the topology's secret) "
                    + "before it is closed.");
}

package org.egret.net;

import org.egret.config.ConfigKey;

/** Egret config keys of every connection between a topology's processes, declared once (see ConfigKey). */
public final class TransportKeys {
    private TransportKeys() {}

    public static final ConfigKey<Integer> CONTROL_MAX_FRAME_BYTES = ConfigKey.integer(
            "egret.transport.control.max.frame.bytes",
            1 << 20,
            64 << 10,
            1 << 30,
            "Largest frame an authenticated peer may send on a control connection (to a topology master, a "
                    + "metrics manager or a scheduler, and their replies); a larger one closes the connection.");

    public static final ConfigKey<Integer> DATA_MAX_FRAME_BYTES = ConfigKey.integer(
            "egret.transport.data.max.frame.bytes",
            64 << 20,
            64 << 10,
            1 << 30,
            "Largest frame an authenticated peer may send on a data connection (to and between stream managers, "
                    + "and to instances): the largest tuple batch, so at least the largest tuple; a larger one closes "
                    + "the connection.");

    public static final ConfigKey<Boolean> TLS = ConfigKey.bool(
            "egret.transport.tls",
            false,
            "Encrypts every connection between a topology's processes, and the CLI's and the Tracker's, with TLS "
                    + "under a certificate made for the topology at submit. Connections are authenticated either way.");
}

package org.egret.net;

import org.egret.config.EgretConfig;
import org.egret.net.auth.AuthSettings;
import org.egret.net.tls.TopologyTls;

/**
 * How one kind of connection is set up: the handshake both ends must pass, the largest frame the
 * peer may then send, and whether it is encrypted. Control connections (to a topology master, a
 * metrics manager, a scheduler) carry plans, heartbeats and metrics, so they get a small cap;
 * data connections (to and between stream managers) carry tuple batches.
 *
 * <p>With {@code egret.transport.tls} on, every connection that can leave a host is TLS under the
 * topology's own certificate ({@link TopologyTls}). Connections between the processes of one
 * container never leave its host and stay plain ({@link #withinContainer()}); a server that takes
 * them ({@link #acceptingPlainFromThisHost()}: the stream manager and the metrics manager) accepts
 * a plain connection only from an address of its own host.
 */
public record Wire(AuthSettings auth, int maxFrameBytes, TopologyTls tls, boolean plainFromThisHost) {
    public Wire(AuthSettings auth, int maxFrameBytes) {
        this(auth, maxFrameBytes, null, false);
    }

    public static Wire control(AuthSettings auth, EgretConfig config) {
        return new Wire(auth, config.get(TransportKeys.CONTROL_MAX_FRAME_BYTES), tls(auth, config), false);
    }

    public static Wire data(AuthSettings auth, EgretConfig config) {
        return new Wire(auth, config.get(TransportKeys.DATA_MAX_FRAME_BYTES), tls(auth, config), false);
    }

    private static TopologyTls tls(AuthSettings auth, EgretConfig config) {
        return config.get(TransportKeys.TLS) ? TopologyTls.of(auth.secret()) : null;
    }

    /** The same kind of connection under another name (see {@link AuthSettings#identity()}). */
    public Wire as(String identity) {
        return new Wire(auth.as(identity), maxFrameBytes, tls, plainFromThisHost);
    }

    /** For a client inside a container connecting to a server of the same container: never encrypted. */
    public Wire withinContainer() {
        return new Wire(auth, maxFrameBytes, null, false);
    }

    /** For a server that also serves its container's own processes, which connect in plain. */
    public Wire acceptingPlainFromThisHost() {
        return new Wire(auth, maxFrameBytes, tls, true);
    }
}

package org.egret.net;

import java.util.Arrays;
import org.egret.net.auth.AuthSettings;
import org.egret.net.frame.FrameDecoder;
import org.egret.security.TopologySecret;

/** Connections of one made-up topology for tests that run servers and clients in one JVM. */
public final class TestWires {
    public static final String TOPOLOGY_ID = "test-topology-1";
    public static final TopologySecret SECRET = TopologySecret.of(filled(32, (byte) 7));

    private TestWires() {}

    /** A data connection of the test topology, for the process called {@code identity}. */
    public static Wire wire(String identity) {
        return new Wire(new AuthSettings(SECRET, TOPOLOGY_ID, identity, 5000), 64 << 20);
    }

    /** A decoder past its handshake, for tests of framing alone. */
    public static FrameDecoder authenticatedDecoder() {
        FrameDecoder d = new FrameDecoder(64 << 20);
        d.authenticated();
        return d;
    }

    static byte[] filled(int n, byte b) {
        byte[] a = new byte[n];
        Arrays.fill(a, b);
        return a;
    }
}

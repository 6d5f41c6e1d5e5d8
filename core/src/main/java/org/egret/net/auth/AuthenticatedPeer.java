package org.egret.net.auth;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The name a connection's peer authenticated under. Only the handshake sets it, so what a peer
 * may do can be keyed on it rather than on ids in message bodies, which any holder of the secret
 * could write.
 */
public final class AuthenticatedPeer {
    private static final AttributeKey<String> IDENTITY = AttributeKey.valueOf("egret.authenticated.peer");

    private AuthenticatedPeer() {}

    static void set(Channel ch, String identity) {
        ch.attr(IDENTITY).set(identity);
    }

    /** The peer's authenticated name; null on a connection that has not authenticated (never served). */
    public static String of(Channel ch) {
        return ch.attr(IDENTITY).get();
    }

    /**
     * Whether the peer authenticated as exactly one of {@code allowed}. Every process of a topology
     * holds the same secret, so this cannot stop a process that lies about its name; it keeps one
     * that speaks for another from being taken at its word, and makes it show in the log. A name a
     * peer chose (e.g. the id in its registration) may be passed here: it is never taken as a prefix.
     */
    public static boolean is(Channel ch, String... allowed) {
        String who = of(ch);
        for (String a : allowed) {
            if (a.equals(who)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the peer authenticated under a name of one kind, e.g. {@code "metricsmgr-"}. */
    public static boolean isOfKind(Channel ch, String prefix) {
        String who = of(ch);
        return who != null && who.startsWith(prefix) && who.length() > prefix.length();
    }
}

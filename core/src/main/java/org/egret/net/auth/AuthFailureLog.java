package org.egret.net.auth;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One warning per failed handshake, with the peer's address and why, but at most one a minute per
 * peer host: a scanner opening a thousand connections must not fill the bounded log and push out
 * what an operator needs. The next warning for that host says how many were not logged.
 */
final class AuthFailureLog {
    private static final Logger LOG = LoggerFactory.getLogger(AuthFailureLog.class);
    private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_HOSTS = 4096;
    private static final ConcurrentHashMap<String, Window> WINDOWS = new ConcurrentHashMap<>();
    private static final AtomicLong FAILURES = new AtomicLong();

    private AuthFailureLog() {}

    private static final class Window {
        final long startNanos;
        final AtomicLong suppressed = new AtomicLong();

        Window(long startNanos) {
            this.startNanos = startNanos;
        }
    }

    static void failed(String side, SocketAddress peer, String why) {
        FAILURES.incrementAndGet();
        String host = peer instanceof InetSocketAddress a ? a.getHostString() : String.valueOf(peer);
        long now = System.nanoTime();
        if (WINDOWS.size() > MAX_HOSTS) {
            WINDOWS.clear();
        }
        Window w = WINDOWS.get(host);
        if (w != null && now - w.startNanos < QUIET_NANOS) {
            w.suppressed.incrementAndGet();
            return;
        }
        Window fresh = new Window(now);
        WINDOWS.put(host, fresh);
        long missed = w == null ? 0 : w.suppressed.get();
        LOG.warn(
                "{} authentication failed with {}: {}{}",
                side,
                peer,
                why,
                missed == 0
                        ? ""
                        : " (" + missed + " more failures from " + host + " in the last minute were not logged)");
    }

    /** Failed handshakes in this process, for tests and metrics. */
    static long failures() {
        return FAILURES.get();
    }
}

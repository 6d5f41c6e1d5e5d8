package org.egret.net.auth;

/** A handshake failed: the peer does not hold the topology's secret, refused ours, or took too long. */
public final class AuthenticationException extends RuntimeException {
    public AuthenticationException(String message) {
        super(message);
    }
}

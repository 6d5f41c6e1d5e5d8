package org.egret.net.auth;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.egret.proto.AuthChallenge;
import org.egret.proto.AuthHello;
import org.egret.proto.AuthProof;
import org.egret.security.TopologySecret;

/**
 * The handshake's arithmetic, the same for Netty and plain sockets. The client sends a fresh nonce
 * and its name; the server answers with its own nonce and {@code HMAC(secret, "server", both
 * nonces, name, topology id)}; the client checks that and answers with the same under "client".
 * Each side thereby proves it holds the secret without sending it, the labels keep a proof from
 * being reflected back, and fresh nonces on both sides keep it from being replayed on another
 * connection. The server proves itself first, so a client sends nothing that depends on the
 * secret to a server that has not.
 */
final class AuthProofs {
    static final int NONCE_BYTES = 32;
    private static final byte[] SERVER = "egret-auth-v1 server".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT = "egret-auth-v1 client".getBytes(StandardCharsets.US_ASCII);

    private AuthProofs() {}

    static AuthHello hello(AuthSettings settings) {
        return AuthHello.newBuilder()
                .setClientNonce(ByteString.copyFrom(TopologySecret.randomBytes(NONCE_BYTES)))
                .setIdentity(settings.identity())
                .setTopologyId(settings.topologyId())
                .build();
    }

    /** What is wrong with a hello, or null when it may be answered. */
    static String checkHello(AuthHello hello, AuthSettings server) {
        if (hello.getClientNonce().size() != NONCE_BYTES) {
            return "a client nonce of " + hello.getClientNonce().size() + " bytes";
        }
        if (!hello.getTopologyId().equals(server.topologyId())) {
            return "topology id '" + printable(hello.getTopologyId()) + "', this is '" + server.topologyId() + "'";
        }
        if (hello.getIdentity().isEmpty() || hello.getIdentity().length() > 64) {
            return "an identity of " + hello.getIdentity().length() + " characters";
        }
        return null;
    }

    static AuthChallenge challenge(AuthSettings server, AuthHello hello) {
        byte[] serverNonce = TopologySecret.randomBytes(NONCE_BYTES);
        return AuthChallenge.newBuilder()
                .setServerNonce(ByteString.copyFrom(serverNonce))
                .setServerProof(ByteString.copyFrom(proof(server.secret(), SERVER, hello, serverNonce)))
                .build();
    }

    /** Whether the server that sent {@code challenge} holds the secret. */
    static boolean serverProven(AuthSettings client, AuthHello hello, AuthChallenge challenge) {
        byte[] serverNonce = challenge.getServerNonce().toByteArray();
        return serverNonce.length == NONCE_BYTES
                && MessageDigest.isEqual(
                        challenge.getServerProof().toByteArray(), proof(client.secret(), SERVER, hello, serverNonce));
    }

    static AuthProof clientProof(AuthSettings client, AuthHello hello, AuthChallenge challenge) {
        return AuthProof.newBuilder()
                .setClientProof(ByteString.copyFrom(proof(
                        client.secret(),
                        CLIENT,
                        hello,
                        challenge.getServerNonce().toByteArray())))
                .build();
    }

    static boolean clientProven(AuthSettings server, AuthHello hello, AuthChallenge challenge, AuthProof proof) {
        return MessageDigest.isEqual(
                proof.getClientProof().toByteArray(),
                proof(server.secret(), CLIENT, hello, challenge.getServerNonce().toByteArray()));
    }

    private static byte[] proof(TopologySecret secret, byte[] label, AuthHello hello, byte[] serverNonce) {
        return secret.mac(
                label,
                hello.getClientNonce().toByteArray(),
                serverNonce,
                hello.getIdentity().getBytes(StandardCharsets.UTF_8),
                hello.getTopologyId().getBytes(StandardCharsets.UTF_8));
    }

    /** A peer-chosen string made safe for one log line. */
    static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}

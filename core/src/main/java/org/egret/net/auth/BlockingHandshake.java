package org.egret.net.auth;

import com.google.protobuf.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.egret.net.frame.Frames;
import org.egret.net.frame.MessageType;
import org.egret.proto.AuthChallenge;
import org.egret.proto.AuthHello;
import org.egret.proto.AuthProof;
import org.egret.proto.AuthRefused;

/**
 * The handshake over a blocking stream, for connections that do not run on Netty (an instance's
 * task connection, and tools). The caller sets a read timeout on the socket.
 */
public final class BlockingHandshake {
    private BlockingHandshake() {}

    /** Authenticates this side to the server at the other end of {@code in}/{@code out}; throws if either fails. */
    public static void authenticate(InputStream in, OutputStream out, AuthSettings settings) throws IOException {
        AuthHello hello = AuthProofs.hello(settings);
        write(out, hello);
        Message reply = read(in);
        if (reply instanceof AuthRefused r) {
            throw new IOException("authentication refused: " + AuthProofs.printable(r.getReason()));
        }
        if (!(reply instanceof AuthChallenge c) || !AuthProofs.serverProven(settings, hello, c)) {
            throw new IOException("the server does not hold the topology secret");
        }
        write(out, AuthProofs.clientProof(settings, hello, c));
    }

    /**
     * The server's side: checks that the client at the other end holds the secret; returns the
     * name it authenticated under, or throws (after telling the client why) if it does not.
     */
    public static String accept(InputStream in, OutputStream out, AuthSettings settings) throws IOException {
        if (!(read(in) instanceof AuthHello hello)) {
            throw new IOException("the client did not start with a hello");
        }
        String wrong = AuthProofs.checkHello(hello, settings);
        if (wrong != null) {
            write(out, AuthRefused.newBuilder().setReason(wrong).build());
            throw new IOException("refused: " + wrong);
        }
        AuthChallenge challenge = AuthProofs.challenge(settings, hello);
        write(out, challenge);
        if (!(read(in) instanceof AuthProof proof) || !AuthProofs.clientProven(settings, hello, challenge, proof)) {
            write(out, AuthRefused.newBuilder().setReason("wrong proof").build());
            throw new IOException("the client does not hold the topology secret");
        }
        return hello.getIdentity();
    }

    private static void write(OutputStream out, Message m) throws IOException {
        out.write(Frames.encode(m).array());
        out.flush();
    }

    private static Message read(InputStream in) throws IOException {
        return Frames.read(
                in,
                Frames.AUTH_MAX_FRAME,
                type -> MessageType.beforeAuthentication((byte) type),
                "during authentication");
    }
}

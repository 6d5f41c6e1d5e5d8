package org.egret.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.egret.net.auth.AuthSettings;
import org.egret.net.auth.BlockingHandshake;
import org.egret.net.frame.MessageType;
import org.egret.proto.AuthChallenge;
import org.egret.proto.AuthHello;
import org.egret.proto.AuthProof;
import org.egret.security.TopologySecret;

/**
 * A client that speaks the wire format by hand, as an attacker would: whatever frames it likes,
 * with or without a handshake, from a chosen source address (any of 127/8 on Linux), so that
 * each attack shows up in a server's log under an address of its own.
 */
final class RawFrames implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawFrames(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A connection to {@code to} from {@code fromHost} (an ephemeral port on it). */
    static RawFrames connect(String fromHost, InetSocketAddress to) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(fromHost, 0));
            s.connect(to, 10_000);
            s.setSoTimeout(10_000);
            return new RawFrames(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Writes {@code m} as one frame; false if the server has already closed the connection. */
    boolean send(Message m) {
        byte[] body = m.toByteArray();
        ByteBuffer frame = ByteBuffer.allocate(5 + body.length);
        frame.putInt(body.length + 1).put(MessageType.of(m).code()).put(body);
        return sendRaw(frame.array());
    }

    /** Writes bytes as they are; false if the server has already closed the connection. */
    boolean sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Only the 5 bytes in front of a frame: its length (type and body) and type; the body never follows. */
    boolean sendHeader(int length, MessageType type) {
        return sendRaw(ByteBuffer.allocate(5).putInt(length).put(type.code()).array());
    }

    /** The real handshake (BlockingHandshake's client side); throws if the server refuses it. */
    void authenticate(AuthSettings settings) throws IOException {
        BlockingHandshake.authenticate(in, out, settings);
    }

    /**
     * The handshake of a client that holds another secret and sends its proof without checking the
     * server's: hello, then a proof under {@code wrong}. Returns what the server answers (an
     * AuthRefused, if it is right), or null if it closed without a word.
     */
    Message authenticateWith(TopologySecret wrong, String topologyId, String identity) throws IOException {
        AuthHello hello = AuthHello.newBuilder()
                .setClientNonce(ByteString.copyFrom(TopologySecret.randomBytes(32)))
                .setIdentity(identity)
                .setTopologyId(topologyId)
                .build();
        send(hello);
        Message reply = read();
        if (!(reply instanceof AuthChallenge c)) {
            return reply;
        }
        byte[] proof = wrong.mac(
                "egret-auth-v1 client".getBytes(StandardCharsets.US_ASCII),
                hello.getClientNonce().toByteArray(),
                c.getServerNonce().toByteArray(),
                identity.getBytes(StandardCharsets.UTF_8),
                topologyId.getBytes(StandardCharsets.UTF_8));
        send(AuthProof.newBuilder().setClientProof(ByteString.copyFrom(proof)).build());
        return read();
    }

    /** The next frame from the server, parsed; null if it closed the connection. */
    Message read() throws IOException {
        DataInputStream data = new DataInputStream(in);
        int length;
        try {
            length = data.readInt();
        } catch (java.io.EOFException | SocketException e) {
            return null;
        }
        if (length < 1 || length > 16 << 20) {
            throw new IOException("the server sent a frame of " + length + " bytes");
        }
        byte[] frame = new byte[length];
        data.readFully(frame);
        return MessageType.of(frame[0]).parser().parseFrom(ByteBuffer.wrap(frame, 1, length - 1));
    }

    /**
     * Reads (and drops) whatever the server still sends until it closes the connection, and returns
     * how long that took; fails if it is still open after {@code timeout}.
     */
    long awaitClosed(Duration timeout, String what) throws IOException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        byte[] sink = new byte[8192];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail(what + ": the server did not close the connection within " + timeout.toMillis() + " ms");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                if (in.read(sink) < 0) {
                    break;
                }
            } catch (SocketTimeoutException e) {
                fail(what + ": the server did not close the connection within " + timeout.toMillis() + " ms");
            } catch (SocketException e) {
                break; // reset: closed as well
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

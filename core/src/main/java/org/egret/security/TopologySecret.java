package org.egret.security;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.egret.files.OwnerOnly;
import org.egret.proto.StoredSecret;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;

/**
 * The key a topology's processes prove themselves with: 256 random bits made at submit. It reaches
 * the scheduler and the CLI through the state manager ({@code secrets/<topology>}, readable by the
 * owner only) and each container as the file {@code topology.secret} (mode 0600) in the container
 * directory, written before the executor starts (docs/security.md says how, per cluster).
 */
public final class TopologySecret {
    static final int BYTES = 32;
    private static final String MAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private TopologySecret(byte[] key) {
        if (key.length < BYTES) {
            throw new IllegalArgumentException(
                    "a topology secret has at least " + BYTES + " bytes, this one " + key.length);
        }
        this.key = key.clone();
    }

    /** A fresh secret from the platform's CSPRNG. */
    public static TopologySecret generate() {
        byte[] key = new byte[BYTES];
        RANDOM.nextBytes(key);
        return new TopologySecret(key);
    }

    public static TopologySecret of(byte[] key) {
        return new TopologySecret(key);
    }

    /** Fresh random bytes, e.g. a nonce. */
    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public StoredSecret toStored() {
        return StoredSecret.newBuilder().setKey(ByteString.copyFrom(key)).build();
    }

    /** The copy of the key a holder must hand on (e.g. into YARN Credentials); never log it. */
    public byte[] keyBytes() {
        return key.clone();
    }

    /** Records the secret in the state manager, where the scheduler and the owner's CLI find it. */
    public void store(StateManager state, String topology) {
        state.set(StateKind.SECRETS, topology, toStored());
    }

    /** The topology's secret from the state manager; an error that says so when it has none. */
    public static TopologySecret load(StateManager state, String topology) {
        return state.get(StateKind.SECRETS, topology, StoredSecret.parser())
                .map(s -> new TopologySecret(s.getKey().toByteArray()))
                .orElseThrow(() -> new IllegalStateException("topology '" + topology + "' has no secret in the state "
                        + "manager (submitted by an older Egret, or not readable by this user)"));
    }

    /** Writes the key to {@code file} with mode 0600, created so: no moment exists when others could read it. */
    public void writeTo(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = OwnerOnly.tempFile(dir, ".secret", ".tmp");
            try {
                Files.write(tmp, key);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the topology secret to " + file, e);
        }
    }

    /**
     * Reads a key that {@link #writeTo} wrote. A file that others than its owner may read is refused:
     * the secret in it must be taken as known.
     */
    public static TopologySecret readFrom(Path file) {
        try {
            if (OwnerOnly.othersMayAccess(file)) {
                throw new IllegalStateException("the topology secret " + file + " is readable or writable by others ("
                        + OwnerOnly.mode(file) + "); it must be mode 0600");
            }
            return new TopologySecret(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the topology secret " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the topology secret " + file, e);
        }
    }

    /**
     * HMAC-SHA256 under this key of the given parts, each length-prefixed so that no two different
     * lists of parts give the same input.
     */
    public byte[] mac(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(key, MAC));
            ByteBuffer len = ByteBuffer.allocate(4);
            for (byte[] part : parts) {
                len.clear();
                mac.update(len.putInt(part.length).array());
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopologySecret t && MessageDigest.isEqual(key, t.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "TopologySecret[" + key.length + " bytes]";
    }
}

package org.egret.scheduler.yarn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.egret.security.TopologySecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityTokensTest {
    @TempDir
    Path tmp;

    private static Credentials amCredentials(TopologySecret secret) {
        Credentials own = new Credentials();
        own.addSecretKey(SecurityTokens.SECRET_ALIAS, secret.keyBytes());
        own.addToken(
                new Text("rm"),
                new Token<>(new byte[] {1}, new byte[] {2}, AMRMTokenIdentifier.KIND_NAME, new Text("rm")));
        own.addToken(
                new Text("other"), new Token<>(new byte[] {3}, new byte[] {4}, new Text("OTHER"), new Text("other")));
        return own;
    }

    @Test
    void containersGetTheSecretAndTheOtherTokensButNeverTheAmRmToken() throws IOException {
        TopologySecret secret = TopologySecret.generate();
        // no HDFS token: nothing to refresh, so no keytab and no clock is ever consulted
        ContainerCredentials forContainers = new ContainerCredentials(
                amCredentials(secret), new Configuration(false), List.of(), null, () -> Long.MAX_VALUE);
        Credentials given = read(forContainers.next());
        assertEquals(secret, SecurityTokens.topologySecret(given));
        assertNull(given.getToken(new Text("rm")), "the AM-RM token went to a container");
        assertEquals(1, given.numberOfTokens());
    }

    @Test
    void theExecutorWritesTheSecretOwnerOnlyFromItsTokenFile() throws IOException {
        TopologySecret secret = TopologySecret.generate();
        Path tokens = tmp.resolve("container_tokens");
        Files.write(tokens, bytes(SecurityTokens.serialize(SecurityTokens.withoutAmRmToken(amCredentials(secret)))));
        Path target = tmp.resolve("container/topology.secret");
        YarnExecutorMain.writeSecret(tokens, target);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertArrayEquals(secret.keyBytes(), Files.readAllBytes(target));
        assertEquals(secret, TopologySecret.readFrom(target));
    }

    @Test
    void credentialsWithoutASecretAreRefusedClearly() throws IOException {
        Path tokens = tmp.resolve("container_tokens");
        Files.write(tokens, bytes(SecurityTokens.serialize(new Credentials())));
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> YarnExecutorMain.writeSecret(tokens, tmp.resolve("topology.secret")));
        assertTrue(e.getMessage().contains("no topology secret"), e.getMessage());
        IOException unset = assertThrows(IOException.class, () -> YarnExecutorMain.writeSecret(Path.of(""), tmp));
        assertTrue(unset.getMessage().contains("HADOOP_TOKEN_FILE_LOCATION"), unset.getMessage());
    }

    @Test
    void withoutAKeytabNothingIsObtainedAndTheSameTokensGoOn() throws IOException {
        AtomicLong now = new AtomicLong();
        TopologySecret secret = TopologySecret.generate();
        ContainerCredentials forContainers =
                new ContainerCredentials(amCredentials(secret), new Configuration(false), List.of(), null, now::get);
        byte[] first = bytes(forContainers.next());
        now.set(Long.MAX_VALUE - 1);
        forContainers.refreshIfDue();
        assertArrayEquals(first, bytes(forContainers.next()));
    }

    private static Credentials read(ByteBuffer b) throws IOException {
        Credentials c = new Credentials();
        c.readTokenStorageStream(new DataInputStream(new java.io.ByteArrayInputStream(bytes(b))));
        return c;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}

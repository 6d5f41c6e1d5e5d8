package org.egret.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;

/**
 * Egret's identity at a test ZooKeeper: digest credentials in an owner-only file
 * ({@code egret.statemgr.zk.auth.digest.file}), and clients with or without them. Without
 * credentials Egret refuses to store a topology's secret in ZooKeeper.
 */
final class ZkCredentials {
    static final String DIGEST = "egret-it:zk-it-password";
    static final String KEY = "egret.statemgr.zk.auth.digest.file";

    private ZkCredentials() {}

    /** Writes {@link #DIGEST} to {@code dir/zk-digest}, mode 0600. */
    static Path writeFile(Path dir) throws IOException {
        Path file = dir.resolve("zk-digest");
        Files.writeString(file, DIGEST + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** A started client that authenticated with {@code digest} (user:password); none when null. */
    static CuratorFramework client(String connect, String digest) throws InterruptedException {
        CuratorFrameworkFactory.Builder b =
                CuratorFrameworkFactory.builder().connectString(connect).retryPolicy(new RetryOneTime(100));
        if (digest != null) {
            b.authorization("digest", digest.getBytes(StandardCharsets.UTF_8));
        }
        CuratorFramework c = b.build();
        c.start();
        if (!c.blockUntilConnected(10, TimeUnit.SECONDS)) {
            c.close();
            throw new IllegalStateException("test client cannot reach ZooKeeper at " + connect);
        }
        return c;
    }
}

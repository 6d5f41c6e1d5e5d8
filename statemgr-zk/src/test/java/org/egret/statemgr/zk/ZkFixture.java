package org.egret.statemgr.zk;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.egret.config.EgretConfig;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;

/**
 * Opens Egret state managers and raw clients against a test ZooKeeper server. Both authenticate with
 * the digest credentials {@link #DIGEST}, as an Egret cluster with ZooKeeper ACLs does; {@link #anonymous}
 * is a client without them.
 */
final class ZkFixture {
    static final String DIGEST = "egret:zk-test-password";

    private ZkFixture() {}

    static EgretConfig config(String connect, String... extra) {
        Map<String, Object> raw = new HashMap<>();
        raw.put("egret.statemgr.type", "zookeeper");
        raw.put("egret.statemgr.zk.auth.digest", DIGEST);
        raw.put("egret.statemgr.zk.connection", connect);
        raw.put("egret.statemgr.zk.connection.timeout.ms", 3000);
        raw.put("egret.statemgr.zk.session.timeout.ms", 6000);
        raw.put("egret.statemgr.zk.retry.base.sleep.ms", 50);
        for (int i = 0; i < extra.length; i += 2) {
            raw.put(extra[i], extra[i + 1]);
        }
        return EgretConfig.fromMap(raw);
    }

    /** Through StateManagers, as Egret's processes open it. */
    static ZkStateManager open(String connect, String... extra) {
        StateManager sm = StateManagers.open(config(connect, extra));
        return (ZkStateManager) sm;
    }

    /** A plain client with Egret's credentials, to look at the tree from outside. */
    static CuratorFramework raw(String connect) throws InterruptedException {
        return start(
                CuratorFrameworkFactory.builder().authorization("digest", DIGEST.getBytes(StandardCharsets.UTF_8)),
                connect);
    }

    /** A client without credentials (ZooKeeper's world identity only). */
    static CuratorFramework anonymous(String connect) throws InterruptedException {
        return start(CuratorFrameworkFactory.builder(), connect);
    }

    /** A client that authenticated with other digest credentials. */
    static CuratorFramework other(String connect, String digest) throws InterruptedException {
        return start(
                CuratorFrameworkFactory.builder().authorization("digest", digest.getBytes(StandardCharsets.UTF_8)),
                connect);
    }

    private static CuratorFramework start(CuratorFrameworkFactory.Builder b, String connect)
            throws InterruptedException {
        CuratorFramework c = b.connectString(connect)
                .sessionTimeoutMs(6000)
                .connectionTimeoutMs(3000)
                .retryPolicy(new RetryOneTime(50))
                .build();
        c.start();
        if (!c.blockUntilConnected(5, TimeUnit.SECONDS)) {
            c.close();
            fail("test client cannot connect to " + connect);
        }
        return c;
    }

    static void waitFor(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}

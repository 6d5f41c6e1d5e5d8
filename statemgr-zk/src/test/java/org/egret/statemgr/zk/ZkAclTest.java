package org.egret.statemgr.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.egret.config.ConfigException;
import org.egret.proto.StoredSecret;
import org.egret.proto.Topology;
import org.egret.security.TopologySecret;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** ZooKeeper ACLs on Egret's nodes, against a real (in-process) ZooKeeper server. */
class ZkAclTest {
    private TestingServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void startServer() throws Exception {
        server = new TestingServer(-1, dir.resolve("data").toFile(), true);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void onlyTheConfiguredIdentityReadsOrChangesTheTopologysNodes() throws Exception {
        String connect = server.getConnectString();
        TopologySecret secret = TopologySecret.generate();
        try (ZkStateManager sm = ZkFixture.open(connect);
                CuratorFramework anonymous = ZkFixture.anonymous(connect);
                CuratorFramework mallory = ZkFixture.other(connect, "mallory:guess");
                CuratorFramework owner = ZkFixture.raw(connect)) {
            sm.set(
                    StateKind.TOPOLOGIES,
                    "wc",
                    Topology.newBuilder().setName("wc").build());
            secret.store(sm, "wc");
            try (StateManager.Lock lock = sm.lock("wc", Duration.ofSeconds(5));
                    StateManager.TMasterHold hold = sm.holdTMaster(ZkStateManagerTest.location("wc", 1), () -> {})) {
                for (CuratorFramework outsider : List.of(anonymous, mallory)) {
                    for (String node : List.of("/egret/secrets/wc", "/egret/topologies/wc", "/egret/tmasters/wc")) {
                        refused(() -> outsider.getData().forPath(node));
                        refused(() -> outsider.setData().forPath(node, new byte[] {1}));
                        refused(() -> outsider.delete().forPath(node));
                        refused(() -> outsider.setACL()
                                .withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE)
                                .forPath(node));
                    }
                    refused(() -> outsider.getChildren().forPath("/egret/secrets"));
                    refused(() -> outsider.getChildren().forPath("/egret/locks/wc"));
                    refused(() -> outsider.create().forPath("/egret/topologies/other", new byte[0]));
                    refused(() -> outsider.create().forPath("/egret/secrets/wc2", new byte[0]));
                    refused(() -> outsider.create().forPath("/egret/tmasters/other", new byte[0]));
                    refused(() -> outsider.delete().forPath("/egret/secrets"));
                }
                assertEquals(
                        secret,
                        TopologySecret.of(StoredSecret.parseFrom(owner.getData().forPath("/egret/secrets/wc"))
                                .getKey()
                                .toByteArray()),
                        "the owner reads the secret");
                String ownerId = DigestAuthenticationProvider.generateDigest(ZkFixture.DIGEST);
                assertEquals(
                        List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", ownerId))),
                        owner.getACL().forPath("/egret/secrets/wc"));
                for (String node : List.of("/egret", "/egret/secrets", "/egret/topologies/wc", "/egret/tmasters/wc")) {
                    assertFalse(ZkAuth.isOpen(owner.getACL().forPath(node)), node + " is open");
                }
            }
            owner.setData()
                    .forPath(
                            "/egret/topologies/wc",
                            Topology.newBuilder()
                                    .setName("wc")
                                    .setId("x")
                                    .build()
                                    .toByteArray());
            assertEquals(
                    "x",
                    sm.get(StateKind.TOPOLOGIES, "wc", Topology.parser())
                            .orElseThrow()
                            .getId());
            sm.deleteAll("wc");
            assertNull(owner.checkExists().forPath("/egret/secrets/wc"), "the owner deletes");
        }
        // Egret with other credentials cannot use this tree and says why
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> ZkFixture.open(connect, "egret.statemgr.zk.auth.digest", "mallory:guess"));
        assertTrue(
                e.getMessage().contains("belongs to another identity")
                        && !e.getMessage().contains("guess"),
                e.getMessage());
    }

    @Test
    void withoutCredentialsASecretIsRefusedInOneLineNamingTheKeys() throws Exception {
        try (ZkStateManager sm = ZkFixture.open(server.getConnectString(), "egret.statemgr.zk.auth.digest", "");
                CuratorFramework anonymous = ZkFixture.anonymous(server.getConnectString())) {
            sm.set(
                    StateKind.TOPOLOGIES,
                    "wc",
                    Topology.newBuilder().setName("wc").build());
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> TopologySecret.generate().store(sm, "wc"));
            assertTrue(
                    e.getMessage().contains("egret.statemgr.zk.auth.digest.file")
                            && e.getMessage().contains("egret.statemgr.zk.auth.sasl")
                            && !e.getMessage().contains("\n"),
                    e.getMessage());
            assertNull(anonymous.checkExists().forPath("/egret/secrets/wc"), "nothing stored");
            assertTrue(
                    ZkAuth.isOpen(anonymous.getACL().forPath("/egret/topologies/wc")),
                    "without credentials nodes are open, as before");
        }
    }

    @Test
    void aTreeCreatedWithoutCredentialsIsClosedByTheFirstAuthenticatedOpen() throws Exception {
        String connect = server.getConnectString();
        ZkFixture.open(connect, "egret.statemgr.zk.auth.digest", "").close();
        try (CuratorFramework anonymous = ZkFixture.anonymous(connect)) {
            assertTrue(ZkAuth.isOpen(anonymous.getACL().forPath("/egret/topologies")));
            ZkFixture.open(connect).close();
            refused(() -> anonymous.create().forPath("/egret/topologies/squatter", new byte[0]));
            refused(() -> anonymous.getChildren().forPath("/egret/secrets"));
        }
    }

    @Test
    void credentialsComeFromAnOwnerOnlyFileAndBadSettingsFailClearly() throws Exception {
        String connect = server.getConnectString();
        Path file = dir.resolve("zk-digest");
        Files.writeString(file, ZkFixture.DIGEST + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigException open = assertThrows(
                ConfigException.class,
                () -> ZkFixture.open(
                        connect,
                        "egret.statemgr.zk.auth.digest",
                        "",
                        "egret.statemgr.zk.auth.digest.file",
                        file.toString()));
        assertTrue(open.getMessage().contains("0600"), open.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (ZkStateManager sm = ZkFixture.open(
                        connect,
                        "egret.statemgr.zk.auth.digest",
                        "",
                        "egret.statemgr.zk.auth.digest.file",
                        file.toString());
                CuratorFramework owner = ZkFixture.raw(connect)) {
            TopologySecret.generate().store(sm, "wc");
            assertFalse(ZkAuth.isOpen(owner.getACL().forPath("/egret/secrets/wc")));
        }
        ConfigException both = assertThrows(
                ConfigException.class,
                () -> ZkFixture.open(connect, "egret.statemgr.zk.auth.digest.file", file.toString()));
        assertTrue(both.getMessage().contains("only one"), both.getMessage());
        ConfigException malformed = assertThrows(
                ConfigException.class,
                () -> ZkFixture.open(connect, "egret.statemgr.zk.auth.digest", "no-colon-secret"));
        assertFalse(malformed.getMessage().contains("no-colon-secret"), "the value may be a password");
        ConfigException sasl = assertThrows(
                ConfigException.class,
                () -> ZkFixture.open(
                        connect, "egret.statemgr.zk.auth.digest", "", "egret.statemgr.zk.auth.sasl", "true"));
        assertTrue(sasl.getMessage().contains("java.security.auth.login.config"), sasl.getMessage());
    }

    private static void refused(Executable op) {
        KeeperException e = assertThrows(KeeperException.class, op);
        assertEquals(KeeperException.Code.NOAUTH, e.code(), e.toString());
    }
}

package org.egret.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeAddressTest {
    @TempDir
    Path conf;

    private EgretConfig config(Map<String, String> props) throws Exception {
        Files.createDirectories(conf.resolve("c"));
        return EgretConfig.load(conf, "c", props);
    }

    @Test
    void bindsAndAdvertisesTheHostItIsGiven() throws Exception {
        NodeAddress a = NodeAddress.from(config(Map.of("egret.host", "127.0.0.23")));
        assertEquals("127.0.0.23", a.advertisedHost());
        assertEquals("127.0.0.23", a.bindAddress().getHostAddress());
        assertEquals("127.0.0.23", a.sourceAddress().getHostAddress());
    }

    @Test
    void aSeparateBindAddressIsBoundAndTheHostAdvertised() throws Exception {
        NodeAddress a = NodeAddress.from(config(Map.of("egret.host", "127.0.0.28", "egret.bind.host", "127.0.0.24")));
        assertEquals("127.0.0.28", a.advertisedHost());
        assertEquals("127.0.0.24", a.bindAddress().getHostAddress());
    }

    @Test
    void theWildcardBindLeavesTheSourceToTheKernel() throws Exception {
        NodeAddress a = NodeAddress.from(config(Map.of("egret.host", "127.0.0.25", "egret.bind.host", "0.0.0.0")));
        assertTrue(a.bindAddress().isAnyLocalAddress());
        assertNull(a.sourceAddress());
    }

    @Test
    void aHostThatDoesNotResolveIsRefusedNamingTheKey() throws Exception {
        ConfigException e = assertThrows(
                ConfigException.class, () -> NodeAddress.from(config(Map.of("egret.host", "no-such-host.invalid"))));
        assertEquals("egret.host: 'no-such-host.invalid' does not resolve", e.getMessage());
    }

    @Test
    void anAddressOfAnotherHostIsRefusedNamingTheKey() throws Exception {
        // TEST-NET-3 (RFC 5737): never an address of this machine
        ConfigException e = assertThrows(
                ConfigException.class, () -> NodeAddress.from(config(Map.of("egret.host", "203.0.113.7"))));
        assertEquals("egret.host: '203.0.113.7' (203.0.113.7) is not an address of this host", e.getMessage());
        e = assertThrows(
                ConfigException.class,
                () -> NodeAddress.from(config(Map.of("egret.host", "127.0.0.26", "egret.bind.host", "203.0.113.7"))));
        assertTrue(e.getMessage().startsWith("egret.bind.host: '203.0.113.7'"), e.getMessage());
    }

    @Test
    void anEmptyHostIsRefused() throws Exception {
        assertThrows(ConfigException.class, () -> NodeAddress.from(config(Map.of("egret.host", " "))));
    }

    @Test
    void isLocalTellsThisMachinesAddressesFromOthers() {
        assertTrue(NodeAddress.isLocal("127.0.0.27"));
        assertFalse(NodeAddress.isLocal("203.0.113.7"));
        assertFalse(NodeAddress.isLocal("no-such-host.invalid"));
    }
}

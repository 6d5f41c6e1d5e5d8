package org.egret.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.egret.packing.PackingKeys;
import org.egret.statemgr.StateMgrKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgretConfigTest {
    @TempDir
    Path dir;

    @Test
    void unsetKeysHaveTheirDefaults() {
        assertEquals(64, EgretConfig.defaults().get(InstanceKeys.JVM_OVERHEAD_MB));
        assertEquals("round-robin", EgretConfig.defaults().get(PackingKeys.ALGORITHM));
    }

    @Test
    void yamlFilesAreReadInNameOrderAndOverridesWin() throws Exception {
        Path cluster = Files.createDirectories(dir.resolve("c1"));
        Files.writeString(cluster.resolve("a.yaml"), "egret.instance.jvm.overhead.mb: 10\negret.statemgr.root: /x\n");
        Files.writeString(cluster.resolve("b.yaml"), "egret.instance.jvm.overhead.mb: 20\n");
        Files.writeString(cluster.resolve("ignored.txt"), "not: yaml: at all");
        EgretConfig c = EgretConfig.load(dir, "c1", Map.of("egret.statemgr.root", "/y"));
        assertEquals(20, c.get(InstanceKeys.JVM_OVERHEAD_MB));
        assertEquals("/y", c.get(StateMgrKeys.ROOT));
    }

    @Test
    void unknownKeyIsRejectedByName() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> EgretConfig.fromMap(Map.of("egret.no.such.key", 1)));
        assertTrue(e.getMessage().contains("egret.no.such.key"), e.getMessage());
    }

    @Test
    void illTypedAndOutOfRangeValuesAreRejected() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> EgretConfig.fromMap(Map.of("egret.instance.jvm.overhead.mb", "lots")));
        assertTrue(e.getMessage().contains("egret.instance.jvm.overhead.mb")
                && e.getMessage().contains("lots"));
        assertThrows(ConfigException.class, () -> EgretConfig.fromMap(Map.of("egret.instance.jvm.overhead.mb", -1)));
        assertThrows(ConfigException.class, () -> EgretConfig.fromMap(Map.of("egret.statemgr.type", "etcd")));
        assertThrows(ConfigException.class, () -> EgretConfig.fromMap(Map.of("egret.instance.jvm.overhead.mb", 1.5)));
    }

    @Test
    void stringValuesAreConvertedToTheKeyType() {
        EgretConfig c = EgretConfig.fromMap(Map.of("egret.instance.jvm.overhead.mb", "32"));
        assertEquals(32, c.get(InstanceKeys.JVM_OVERHEAD_MB));
        assertEquals(c.toProperties(), java.util.List.of("egret.instance.jvm.overhead.mb=32"));
    }

    @Test
    void unknownClusterAndMalformedFileFailClearly() throws Exception {
        assertThrows(ConfigException.class, () -> EgretConfig.load(dir, "nope", Map.of()));
        Path cluster = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(cluster.resolve("x.yaml"), "- a list\n- not a map\n");
        ConfigException e = assertThrows(ConfigException.class, () -> EgretConfig.load(dir, "bad", Map.of()));
        assertTrue(e.getMessage().contains("x.yaml"), e.getMessage());
    }

    @Test
    void everyKeyHasADocAndAValidDefault() {
        ConfigRegistry.keys().values().forEach(k -> {
            assertTrue(k.doc() != null && !k.doc().isBlank(), k.name());
            if (k.defaultValue() != null) {
                k.parse(
                        k.defaultValue() instanceof java.util.List<?> l
                                ? String.join(
                                        ",", l.stream().map(String::valueOf).toList())
                                : k.defaultValue());
            }
        });
    }
}

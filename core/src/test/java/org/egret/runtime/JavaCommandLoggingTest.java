package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.egret.config.EgretConfig;
import org.junit.jupiter.api.Test;

class JavaCommandLoggingTest {
    private static List<String> cmd(EgretConfig config) {
        return JavaCommand.of("/jdk", "Main")
                .logging(Path.of("/conf"), Path.of("/logs/x.log"), config)
                .build();
    }

    @Test
    void defaultsAddNoPropertiesAndOthersAreSet() {
        List<String> plain = cmd(EgretConfig.defaults());
        assertTrue(plain.contains("-Degret.log.file=/logs/x.log"), plain.toString());
        assertTrue(
                plain.stream().noneMatch(a -> a.startsWith("-Degret.log.max") || a.startsWith("-Degret.log.rolled")),
                plain.toString());

        List<String> small = cmd(EgretConfig.fromMap(Map.of("egret.log.max.bytes", 2097152, "egret.log.max.files", 3)));
        assertTrue(small.contains("-Degret.log.max.bytes=2097152"), small.toString());
        assertTrue(small.contains("-Degret.log.rolled.files=2"), small.toString());
    }

    /** A process started without the properties must get the keys' defaults from conf/log4j2.xml. */
    @Test
    void log4jFallbacksAreTheKeysDefaults() throws Exception {
        String xml = Files.readString(Path.of("..", "conf", "log4j2.xml"));
        assertTrue(xml.contains("${sys:egret.log.max.bytes:-" + LogKeys.LOG_MAX_BYTES.defaultValue() + "}"), xml);
        assertTrue(
                xml.contains("${sys:egret.log.rolled.files:-" + (LogKeys.LOG_MAX_FILES.defaultValue() - 1) + "}"), xml);
        assertEquals(64L * 1024 * 1024, LogKeys.LOG_MAX_BYTES.defaultValue());
    }
}

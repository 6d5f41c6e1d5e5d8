package org.egret.scheduler.mesos;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MesosLauncherTest {
    @TempDir
    Path conf;

    @Test
    void aSubmitWithoutAMasterIsRefusedBeforeAnythingIsUploaded() throws Exception {
        Files.createDirectories(conf.resolve("m"));
        ConfigException e = assertThrows(
                ConfigException.class, () -> new MesosLauncher().check(EgretConfig.load(conf, "m", Map.of())));
        assertTrue(e.getMessage().startsWith("egret.mesos.master.url is not set"), e.getMessage());
        assertDoesNotThrow(() -> new MesosLauncher()
                .check(EgretConfig.load(conf, "m", Map.of("egret.mesos.master.url", "http://master1:5050"))));
    }
}

package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
        assertTrue(plain.contains("-Djava.util.logging.config.file=/conf/logging.properties"), plain.toString());
        assertTrue(
                plain.contains("-Djava.util.logging.manager=" + ProcessLogManager.class.getName()), plain.toString());
        assertTrue(plain.stream().noneMatch(a -> a.startsWith("-Degret.log.max")), plain.toString());

        List<String> small = cmd(EgretConfig.fromMap(Map.of("egret.log.max.bytes", 2097152, "egret.log.max.files", 3)));
        assertTrue(small.contains("-Degret.log.max.bytes=2097152"), small.toString());
        assertTrue(small.contains("-Degret.log.max.files=3"), small.toString());
    }

    /** Every process's configuration must name classes that exist, or java.util.logging drops its log. */
    @Test
    void theDistributionsLoggingConfigurationsNameOurClasses() throws Exception {
        for (String file : List.of("logging.properties", "logging-cli.properties")) {
            Properties props = new Properties();
            try (FileInputStream in =
                    new FileInputStream(Path.of("..", "conf", file).toFile())) {
                props.load(in);
            }
            for (String key : List.of("handlers", "java.util.logging.ConsoleHandler.formatter")) {
                String value = props.getProperty(key);
                if (value != null) {
                    Class.forName(value.trim());
                }
            }
            assertTrue(props.getProperty("handlers") != null, file);
        }
    }
}

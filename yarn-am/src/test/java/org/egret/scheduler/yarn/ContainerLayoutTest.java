package org.egret.scheduler.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.egret.config.EgretConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLayoutTest {
    @TempDir
    Path dir;

    @Test
    void anExecutorGetsEachPropertyOnceWithTheContainersOwnValue() throws Exception {
        Files.writeString(dir.resolve("egret-core.tar"), "core");
        Files.writeString(dir.resolve(CorePackage.HADOOP_CONF_FILE), "conf");
        Path topology = Files.writeString(dir.resolve("topology.tar.gz"), "topology");
        ContainerLayout layout = ContainerLayout.of(
                dir.resolve("egret-core.tar").toUri(), topology.toUri(), EgretConfig.defaults(), new Configuration());
        // what the AM passes on: its own command line's properties, its container's among them
        Map<String, String> fromAm = new LinkedHashMap<>();
        fromAm.put("egret.statemgr.root", "/state");
        fromAm.put("egret.host", "am-node.example.com");
        fromAm.put("egret.hadoop.kerberos.keytab", "");
        fromAm.put("egret.container.log.dir", "/am/logs");
        ContainerLaunchContext executor = layout.executor(2, "t", "t-1", "yarn", fromAm, EgretConfig.defaults());

        List<String> properties = properties(executor.getCommands().get(0));
        assertEquals(
                properties.stream()
                        .map(p -> p.substring(0, p.indexOf('=')))
                        .distinct()
                        .count(),
                properties.size(),
                "a key given twice: " + properties);
        Map<String, String> byKey = new LinkedHashMap<>();
        properties.forEach(p -> byKey.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1)));
        assertEquals("/state", byKey.get("egret.statemgr.root"));
        assertEquals("$NM_HOST", byKey.get("egret.host"), "the executor's own node, not the AM's");
        assertEquals("<LOG_DIR>", byKey.get("egret.container.log.dir"));
        assertEquals("$PWD/hadoop-conf", byKey.get("egret.uploader.hadoop.conf.dir"));
    }

    /** The values of the {@code --config-property} options in a container's shell command. */
    private static List<String> properties(String command) {
        List<String> out = new ArrayList<>();
        String[] words = command.replace("'", "").replace("\"", "").split(" ");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("--config-property")) {
                out.add(words[i + 1]);
            }
        }
        return out;
    }
}

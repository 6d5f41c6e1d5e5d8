package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.egret.runtime.JavaCommand;
import org.junit.jupiter.api.Test;

/**
 * The distribution keeps the clients of HDFS, YARN and Mesos in {@code lib/cluster/}, off the class
 * path of the processes that do not talk to those clusters (stream managers, tasks, executors of a
 * package on a local file system). Those processes still read every config key and list every
 * plug-in type, so each plug-in must link from {@code lib/} alone: one that touched Hadoop's classes
 * from its own would make the lookup fail there.
 */
class ClusterClientsIT {
    private static final Path DIST = LocalCluster.DIST;
    private static final Path CLUSTER_CLIENTS = DIST.resolve("lib").resolve(JavaCommand.CLUSTER_CLIENTS_DIR);

    @Test
    void theClusterClientsLiveApartFromLib() throws Exception {
        assertEquals(
                List.of("hadoop-client-api", "hadoop-client-runtime", "mesos"),
                jarNames(CLUSTER_CLIENTS).stream()
                        .map(n -> n.replaceAll("-\\d.*", ""))
                        .sorted()
                        .toList());
        List<String> strays = jarNames(DIST.resolve("lib")).stream()
                .filter(n -> n.startsWith("hadoop-client-") || n.startsWith("mesos-"))
                .toList();
        assertEquals(List.of(), strays);
    }

    @Test
    void everyPluginTypeAndConfigKeyIsKnownFromLibAlone() throws Exception {
        List<URL> jars = new ArrayList<>();
        for (String name : jarNames(DIST.resolve("lib"))) {
            jars.add(DIST.resolve("lib").resolve(name).toUri().toURL());
        }
        try (URLClassLoader lib = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> plugins = lib.loadClass("org.egret.plugin.Plugins");
            Map<String, List<String>> expected = Map.of(
                    "org.egret.scheduler.Launcher", List.of("local", "mesos", "yarn"),
                    "org.egret.uploader.Uploader", List.of("hdfs", "local"),
                    "org.egret.uploader.PackageSource", List.of("file", "hdfs"));
            for (Map.Entry<String, List<String>> point : expected.entrySet()) {
                Object types = plugins.getMethod("types", Class.class).invoke(null, lib.loadClass(point.getKey()));
                assertEquals(point.getValue(), types, point.getKey());
            }
            Map<?, ?> keys = (Map<?, ?>) lib.loadClass("org.egret.config.ConfigRegistry")
                    .getMethod("keys")
                    .invoke(null);
            for (String key : List.of("egret.yarn.queue", "egret.mesos.master.url", "egret.uploader.hdfs.dir")) {
                assertTrue(keys.containsKey(key), key + " is not registered without lib/cluster/");
            }
        }
    }

    private static List<String> jarNames(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }
}

package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaCommandClassPathTest {
    private static final Path HOME = Path.of("/opt/egret");

    private static String classPath(JavaCommand java) {
        List<String> cmd = java.build();
        return cmd.get(cmd.indexOf("-cp") + 1);
    }

    private static JavaCommand java() {
        return JavaCommand.of("/jdk", "Main").egretHome(HOME);
    }

    @Test
    void theClusterClientsComeAfterLibSoThatTheArchiveStillApplies() {
        assertEquals("/opt/egret/lib/*", classPath(java()));
        assertEquals("/opt/egret/lib/*:/opt/egret/lib/cluster/*", classPath(java().clusterClients()));
    }

    @Test
    void onlyAPackageOffTheLocalFileSystemNeedsThem() {
        assertEquals("/opt/egret/lib/*", classPath(java().clusterClientsFor("/tmp/pkg/topology.tar.gz")));
        assertEquals("/opt/egret/lib/*", classPath(java().clusterClientsFor("file:///tmp/pkg/topology.tar.gz")));
        assertEquals(
                "/opt/egret/lib/*:/opt/egret/lib/cluster/*",
                classPath(java().clusterClientsFor("hdfs://nn:8020/egret/t/topology.tar.gz")));
    }

    @Test
    void theClusterClientsNeedTheDistribution() {
        assertThrows(
                IllegalStateException.class,
                () -> JavaCommand.of("/jdk", "Main").clusterClients());
    }
}

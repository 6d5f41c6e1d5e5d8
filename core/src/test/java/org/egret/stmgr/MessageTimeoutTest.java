package org.egret.stmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.egret.runtime.ContainerDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream manager reads the message timeout from its container's package, not from the plan. */
class MessageTimeoutTest {
    @TempDir
    Path dir;

    @Test
    void readsTheTimeoutFromThePackagesStormConf() throws Exception {
        ContainerDirs dirs = new ContainerDirs(dir);
        assertEquals(
                MessageTimeout.STORM_DEFAULT_SECS, MessageTimeout.of(dirs.stormConf()), "no package: Storm's default");
        Files.createDirectories(dirs.packageDir());
        Files.writeString(dirs.stormConf(), "{\"topology.message.timeout.secs\": 7, \"db.password\": \"x\"}");
        assertEquals(7, MessageTimeout.of(dirs.stormConf()));
        Files.writeString(dirs.stormConf(), "{\"topology.message.timeout.secs\": 0}");
        assertEquals(MessageTimeout.STORM_DEFAULT_SECS, MessageTimeout.of(dirs.stormConf()));
        Files.writeString(dirs.stormConf(), "not json");
        assertEquals(MessageTimeout.STORM_DEFAULT_SECS, MessageTimeout.of(dirs.stormConf()));
    }
}

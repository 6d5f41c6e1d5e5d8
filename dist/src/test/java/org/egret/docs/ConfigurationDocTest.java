package org.egret.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.egret.config.ConfigReference;
import org.egret.config.ConfigRegistry;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is what the keys' declarations say. It lives here, where every module is on
 * the class path, so keys that modules declare are in it too.
 */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void theConfigurationReferenceIsCurrent() throws IOException {
        String generated = ConfigReference.markdown(ConfigRegistry.keys());
        if ("1".equals(System.getenv("EGRET_WRITE_DOCS"))) {
            Files.writeString(DOC, generated);
        }
        assertTrue(
                Files.exists(DOC),
                DOC + " is missing: run EGRET_WRITE_DOCS=1 mvn -pl dist test -Dtest="
                        + getClass().getSimpleName());
        assertEquals(
                generated,
                Files.readString(DOC),
                DOC + " is stale: run EGRET_WRITE_DOCS=1 mvn -pl dist test -Dtest="
                        + getClass().getSimpleName() + " -Dsurefire.failIfNoSpecifiedTests=false");
    }
}

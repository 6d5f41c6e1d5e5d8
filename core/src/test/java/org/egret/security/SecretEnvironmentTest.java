package org.egret.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretEnvironmentTest {
    @Test
    void theVariableBecomesTheOwnerOnlyFileAndLeavesAChildsEnvironment(@TempDir Path dir) throws Exception {
        TopologySecret secret = TopologySecret.generate();
        Map<String, String> env =
                new HashMap<>(Map.of(SecretEnvironment.VARIABLE, SecretEnvironment.encode(secret), "PATH", "/bin"));
        assertFalse(env.get(SecretEnvironment.VARIABLE).contains("\0"), "an environment holds no NUL");
        Path file = dir.resolve("c1/topology.secret");

        assertTrue(SecretEnvironment.writeFile(env, file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(secret.keyBytes(), Files.readAllBytes(file));
        assertEquals(secret, TopologySecret.readFrom(file));

        SecretEnvironment.strip(env);
        assertEquals(Map.of("PATH", "/bin"), env);
    }

    @Test
    void noVariableLeavesTheFileAloneAndABadOneIsAnErrorThatShowsNoValue(@TempDir Path dir) {
        Path file = dir.resolve("topology.secret");
        assertFalse(SecretEnvironment.writeFile(Map.of(), file));
        assertFalse(Files.exists(file));

        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> SecretEnvironment.read(Map.of(SecretEnvironment.VARIABLE, "c2hvcnQ=")));
        assertTrue(e.getMessage().contains(SecretEnvironment.VARIABLE), e.getMessage());
        assertFalse(e.getMessage().contains("c2hvcnQ="), e.getMessage());
        IllegalStateException notBase64 = assertThrows(
                IllegalStateException.class,
                () -> SecretEnvironment.read(Map.of(SecretEnvironment.VARIABLE, "not*base64!")));
        assertFalse(notBase64.getMessage().contains("not*base64!"), notBase64.getMessage());
    }
}

package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.egret.proto.StoredSecret;
import org.egret.runtime.ProcessArguments;
import org.egret.security.SecretEnvironment;

/**
 * Where a topology's secret is, from outside its processes: the state manager's copy, each
 * container's {@code topology.secret}, and none of the environments, command lines and logs it must
 * stay out of.
 */
final class SecretAudit {
    private final byte[] key;
    /** The forms it could leak in: the raw bytes are binary, so its text encodings. */
    private final List<String> encodings;

    private SecretAudit(byte[] key) {
        this.key = key;
        this.encodings = List.of(
                Base64.getEncoder().encodeToString(key),
                java.util.HexFormat.of().formatHex(key));
    }

    /** The secret the local state manager under {@code stateRoot} holds for {@code topology}. */
    static SecretAudit of(Path stateRoot, String topology) throws IOException {
        return new SecretAudit(StoredSecret.parseFrom(
                        Files.readAllBytes(stateRoot.resolve("secrets").resolve(topology)))
                .getKey()
                .toByteArray());
    }

    /** Every {@code topology.secret} under {@code dir}: there are {@code expected}, each 0600 with the key. */
    void assertContainerFiles(Path dir, int expected) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.getFileName().toString().equals("topology.secret"))
                    .toList();
        }
        assertEquals(expected, files.size(), "secret files: " + files);
        for (Path f : files) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            assertArrayEquals(key, Files.readAllBytes(f), f + " holds the state manager's secret");
        }
    }

    /** True if the process's initial environment ({@code /proc/<pid>/environ}) holds the secret or its variable. */
    boolean inEnvironment(long pid) throws IOException {
        String env = new String(
                Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.ISO_8859_1);
        return env.contains(SecretEnvironment.VARIABLE + "=")
                || encodings.stream().anyMatch(env::contains);
    }

    /** No process on this machine has the secret in its command line. */
    void assertInNoCommandLine() {
        List<String> found = new ArrayList<>();
        ProcessHandle.allProcesses()
                .forEach(p -> ProcessArguments.of(p).ifPresent(args -> {
                    String line = String.join(" ", args);
                    if (encodings.stream().anyMatch(line::contains)) {
                        found.add(p.pid() + " " + p.info().command().orElse("?"));
                    }
                }));
        assertTrue(found.isEmpty(), "the secret is in the command line of " + found);
    }

    /** No file under {@code dir} but the container secret files holds the secret in a text form (logs, state, scripts). */
    void assertInNoOtherFile(Path dir) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("topology.secret"))
                    .filter(p -> !p.toString().endsWith(".jar") && !p.toString().endsWith(".tar.gz"))
                    .filter(p -> p.toFile().length() < 16 << 20)
                    .toList()) {
                String text;
                try {
                    text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    continue; // a file that went away while we walked
                }
                if (encodings.stream().anyMatch(text::contains)) {
                    found.add(f);
                }
            }
        }
        assertTrue(found.isEmpty(), "the secret is written in " + found);
    }
}

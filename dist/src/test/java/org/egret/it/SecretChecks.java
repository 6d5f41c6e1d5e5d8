package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.egret.runtime.ProcessArguments;

/**
 * How a topology's secret reached its YARN containers: each executor's container directory holds it as
 * {@code topology.secret}, mode 0600, equal to the state manager's copy; and it is nowhere else in
 * plain sight: not in a launch script, a log or any other file the NodeManagers wrote (raw, hex or
 * base64), nor on a command line or in an environment of the topology's processes. YARN's own
 * credential files ({@code container_tokens}, {@code *.tokens}) are where it travels, and are skipped.
 */
final class SecretChecks {
    private SecretChecks() {}

    /** Checks every executor of the topology; returns how many. */
    static int assertSecretFiles(String topology, byte[] key) throws IOException {
        List<Long> executors = pids(topology, "executor");
        assertFalse(executors.isEmpty(), "no executor of " + topology);
        for (long pid : executors) {
            Path file = Path.of("/proc/" + pid + "/cwd").toRealPath().resolve("container/topology.secret");
            assertEquals(
                    "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            assertArrayEquals(key, Files.readAllBytes(file), "the secret in " + file);
        }
        return executors.size();
    }

    /**
     * No file under {@code nodeDirs} (the localized packages in {@code filecache/} excepted: they were
     * made before the application started) and no process of the topology shows the secret. Returns the
     * number of files searched.
     */
    static int assertNotLeaked(String topology, byte[] key, Path nodeDirs) throws IOException {
        List<byte[]> forms = forms(key);
        int searched = 0;
        List<Path> files;
        try (Stream<Path> s = Files.walk(nodeDirs)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.toString().contains("/filecache/"))
                    .toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.equals("topology.secret")
                    || name.contains("container_tokens")
                    || name.endsWith(".tokens")
                    || name.endsWith(".tokens.crc")) {
                continue;
            }
            byte[] content;
            try {
                content = Files.readAllBytes(f);
            } catch (IOException e) {
                continue; // a log rolled away meanwhile
            }
            searched++;
            for (byte[] form : forms) {
                assertFalse(contains(content, form), "the topology secret is in " + f);
            }
        }
        assertTrue(
                files.stream().anyMatch(p -> p.getFileName().toString().equals("launch_container.sh")),
                "no launch script under " + nodeDirs);
        for (long pid : pids(topology, null)) {
            for (String what : List.of("cmdline", "environ")) {
                byte[] content;
                try {
                    content = Files.readAllBytes(Path.of("/proc/" + pid + "/" + what));
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                for (byte[] form : forms) {
                    assertFalse(contains(content, form), "the topology secret is in /proc/" + pid + "/" + what);
                }
            }
        }
        return searched;
    }

    private static List<byte[]> forms(byte[] key) {
        List<byte[]> forms = new ArrayList<>();
        forms.add(key);
        for (String s : List.of(
                HexFormat.of().formatHex(key),
                HexFormat.of().withUpperCase().formatHex(key),
                Base64.getEncoder().encodeToString(key),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key))) {
            forms.add(s.getBytes(StandardCharsets.US_ASCII));
        }
        return forms;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Processes of the topology, of one role (null: all of them). */
    static List<Long> pids(String topology, String role) {
        return ProcessHandle.allProcesses()
                .filter(p -> ProcessArguments.of(p)
                        .map(args -> {
                            return args.contains("-Degret.topology=" + topology)
                                    && (role == null || args.contains("-Degret.role=" + role));
                        })
                        .orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }
}

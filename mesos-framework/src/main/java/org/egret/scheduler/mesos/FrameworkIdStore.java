package org.egret.scheduler.mesos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework id the master gave this topology's scheduler, kept in a file in the scheduler's
 * directory on the submitting host, so a restarted scheduler subscribes as the same framework
 * (within the failover timeout) and keeps its running tasks. Beside it, the highest attempt of
 * every container ever launched ({@code attempts}), so a restarted scheduler never reuses a task
 * id, not even for a container an update removed and a later one added back.
 */
public final class FrameworkIdStore {
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkIdStore.class);
    private final Path file;
    private final Path attempts;

    public FrameworkIdStore(Path dir) {
        this.file = dir.resolve("framework-id");
        this.attempts = dir.resolve("attempts");
    }

    /** Container -> highest attempt launched; empty before the first launch. */
    public Map<Integer, Integer> loadAttempts() {
        Map<Integer, Integer> out = new TreeMap<>();
        try {
            if (!Files.exists(attempts)) {
                return out;
            }
            for (String line : Files.readAllLines(attempts, StandardCharsets.UTF_8)) {
                String[] p = line.trim().split(" ");
                try {
                    out.put(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    // a lost number only risks reusing a finished task's id, which Mesos accepts; not starting is worse
                    LOG.warn("ignoring line '{}' of {}", line, attempts);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void saveAttempts(Map<Integer, Integer> last) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(last).forEach((c, a) -> sb.append(c).append(' ').append(a).append('\n'));
        write(attempts, sb.toString());
    }

    public Optional<String> load() {
        try {
            return Files.exists(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
                            .filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void save(String id) {
        write(file, id);
    }

    private static void write(Path target, String content) {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(attempts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

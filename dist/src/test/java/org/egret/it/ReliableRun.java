package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/** Reads what ReliableTopology's spout and sinks wrote: the spout's score and every id the sinks got. */
final class ReliableRun {
    /** The spout's score: acked ids, duplicate acks, fails, emits. */
    record Score(long acked, long dups, long fails, long emitted) {}

    private final Path dir;

    ReliableRun(Path dir) {
        this.dir = dir;
    }

    Score score() {
        long[] s = new long[4];
        try {
            for (Path f : files(dir, "spout-")) {
                String[] p = Files.readString(f).trim().split(" ");
                for (int i = 0; i < 4; i++) {
                    s[i] += Long.parseLong(p[i]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Score(s[0], s[1], s[2], s[3]);
    }

    /**
     * The score as the spout writes it next after {@code since}. The spout writes it only while it
     * calls nextTuple, so a score read right away can be old: a spout held at max pending writes
     * nothing, then catches up on its pace in a burst.
     */
    Score scoreWrittenAfter(Instant since) throws InterruptedException {
        LocalCluster.waitFor("the spout's score written again", Duration.ofSeconds(60), () -> {
            try {
                List<Path> spouts = files(dir, "spout-");
                for (Path f : spouts) {
                    if (!Files.getLastModifiedTime(f).toInstant().isAfter(since)) {
                        return false;
                    }
                }
                return !spouts.isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return score();
    }

    /** id -> how many times the sinks recorded it. */
    Map<Long, Integer> sinkCounts() {
        Map<Long, Integer> counts = new HashMap<>();
        eachId(dir, "sink-", (file, id) -> counts.merge(id, 1, Integer::sum));
        return counts;
    }

    /** How many ids the sinks recorded, duplicates included. */
    long sinkRecords() {
        long[] n = {0};
        eachId(dir, "sink-", (file, id) -> n[0]++);
        return n[0];
    }

    /** Every id the spout was told failed, so replayed (its {@code failed-<task>.txt} files). */
    Set<Long> replayed() {
        Set<Long> ids = new HashSet<>();
        eachId(dir, "failed-", (file, id) -> ids.add(id));
        return ids;
    }

    /** Every id in the files of {@code dir} whose names start with {@code prefix}, one per line. */
    static void eachId(Path dir, String prefix, BiConsumer<Path, Long> action) {
        try {
            for (Path f : files(dir, prefix)) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        action.accept(f, Long.parseLong(line.trim()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the spout saw {@code n} ids acked, then checks Storm's at-least-once contract against
     * a bolt that fails ids on first sight: each id acked once, each fail replayed once, every id at a
     * sink. Returns the spout's score.
     */
    Score assertEveryIdAckedOnce(LocalCluster cluster, String topology, long n) throws InterruptedException {
        try {
            LocalCluster.waitFor("every id acked", Duration.ofSeconds(180), () -> score().acked() >= n);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": " + score() + "\n" + cluster.logs(topology), e);
        }
        Score s = score();
        assertEquals(n, s.acked());
        assertEquals(0, s.dups(), "ack called twice for an id: " + s);
        assertTrue(s.fails() >= n / 100 / 2, "the failing bolt's fails reached the spout: " + s);
        assertEquals(n + s.fails(), s.emitted(), "every fail replayed once: " + s);
        assertEquals(List.of(), missing(sinkCounts(), n));
        return s;
    }

    static List<Long> missing(Map<Long, Integer> counts, long n) {
        List<Long> missing = new ArrayList<>();
        for (long id = 1; id <= n; id++) {
            if (!counts.containsKey(id)) {
                missing.add(id);
            }
        }
        return missing;
    }

    /** The files of {@code dir} whose names start with {@code prefix}; none while it does not exist. */
    private static List<Path> files(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList();
        }
    }
}

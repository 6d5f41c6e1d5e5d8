package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.egret.examples.verify.ChattyTopology;
import org.junit.jupiter.api.Test;

/**
 * A bolt that logs 1 MB/s and prints 100 KB/s to stdout, until it has logged four times what its log
 * may hold (about half a minute), must not fill the disk: with caps
 * of 2 MB x 3 files per log, 256 KB x 2 per .out file and 16 KB x 2 for the metrics file, the
 * container's log and metrics directories stay under their bounds all along, while the bolt writes
 * several times what they may hold.
 */
class BoundedLogsIT {
    private static final long LOG_BYTES = 2L * 1024 * 1024;
    private static final int LOG_FILES = 3;
    private static final long OUT_BYTES = 256 * 1024;
    private static final int OUT_FILES = 2;
    private static final long METRICS_BYTES = 16 * 1024;
    private static final int METRICS_FILES = 2;
    private static final long LOG_RATE = 1024 * 1024;
    private static final long OUT_RATE = 100 * 1024;
    /** The longest the bolt runs; it stops as soon as it has written {@link #LOGGED_CAPS} times the log cap. */
    private static final Duration RUN = Duration.ofSeconds(90);

    private static final int LOGGED_CAPS = 4;
    /**
     * A log rolls before a line that would cross its cap, so a file stays under it; the slack allows one
     * line more per file (and
     * the layout's prefix) more than the cap.
     */
    private static final long LINE_SLACK = LOG_FILES * 2L * ChattyTopology.LINE_BYTES;

    private static final Pattern LINE_NUMBER = Pattern.compile(Pattern.quote(ChattyTopology.MARKER) + "(\\d+) ");

    /** Whether the bolt has written {@link #LOGGED_CAPS} times its log cap and every kind of file has rolled. */
    private static boolean everyCapWasTested(Path logs, Path metrics) {
        Optional<Path> chatty = chattyLog(logs);
        return chatty.isPresent()
                && lastLineNumber(chatty.get()) * (long) ChattyTopology.LINE_BYTES > LOGGED_CAPS * LOG_FILES * LOG_BYTES
                && files(logs).stream().anyMatch(f -> f.getFileName().toString().endsWith(".log." + (LOG_FILES - 1)))
                && files(logs).stream().anyMatch(f -> f.getFileName().toString().endsWith(".out.1"))
                && Files.exists(metrics.resolve("metrics.jsonl.1"));
    }

    @Test
    void logsOutFilesAndMetricsStayUnderTheirCapsWhileABoltLogsAMegabyteASecond() throws Exception {
        String name = "chatty";
        try (LocalCluster cluster = new LocalCluster()
                .withConfigProperty("egret.log.max.bytes", Long.toString(LOG_BYTES))
                .withConfigProperty("egret.log.max.files", Integer.toString(LOG_FILES))
                .withConfigProperty("egret.out.max.bytes", Long.toString(OUT_BYTES))
                .withConfigProperty("egret.out.max.files", Integer.toString(OUT_FILES))
                .withConfigProperty("egret.metricsmgr.file.max.bytes", Long.toString(METRICS_BYTES))
                .withConfigProperty("egret.metricsmgr.file.max.files", Integer.toString(METRICS_FILES))) {
            cluster.submitOk(ChattyTopology.class.getName(), name, Long.toString(LOG_RATE), Long.toString(OUT_RATE));
            Path logs = cluster.containerDir(name, 1).resolve("logs");
            Path metrics = cluster.containerDir(name, 1).resolve("metrics");
            LocalCluster.waitFor(
                    "the chatty bolt's first log lines",
                    Duration.ofSeconds(90),
                    () -> chattyLog(logs).isPresent()
                            && lastLineNumber(chattyLog(logs).get()) > 0);

            long start = System.nanoTime();
            long deadline = start + RUN.toNanos();
            long checks = 0;
            long maxLogDir = 0;
            // until the bolt has written several times what the caps hold and every file has rolled
            while (System.nanoTime() < deadline && !(checks > 0 && everyCapWasTested(logs, metrics))) {
                Map<String, Long> bytes = bytesByProcess(logs);
                long total = bytes.values().stream().mapToLong(Long::longValue).sum();
                maxLogDir = Math.max(maxLogDir, total);
                bytes.forEach((process, b) -> {
                    long cap = process.endsWith(".out") ? OUT_FILES * OUT_BYTES : LOG_FILES * LOG_BYTES + LINE_SLACK;
                    assertTrue(b <= cap, process + " takes " + b + " bytes, over its cap " + cap + ": " + bytes);
                });
                long metricsBytes = bytesByProcess(metrics).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
                // the sink rolls before a line that would cross the cap, so only a line longer than the cap exceeds it
                assertTrue(
                        metricsBytes <= METRICS_FILES * METRICS_BYTES,
                        "metrics files take " + metricsBytes + " bytes: " + bytesByProcess(metrics));
                checks++;
                TimeUnit.MILLISECONDS.sleep(250);
            }

            long logged = lastLineNumber(chattyLog(logs).orElseThrow()) * (long) ChattyTopology.LINE_BYTES;
            long logCap = LOG_FILES * LOG_BYTES;
            assertTrue(
                    logged > LOGGED_CAPS * logCap,
                    "the bolt logged only " + logged + " bytes; its log cap is " + logCap);
            assertTrue(
                    files(logs).stream()
                            .anyMatch(f -> f.getFileName().toString().endsWith(".log." + (LOG_FILES - 1))),
                    "no log rolled as far as ." + (LOG_FILES - 1) + ": " + files(logs));
            assertTrue(
                    files(logs).stream()
                            .anyMatch(f -> f.getFileName().toString().endsWith(".out.1")),
                    "no .out file rolled: " + files(logs));
            assertTrue(
                    Files.exists(metrics.resolve("metrics.jsonl.1")), "metrics.jsonl never rolled: " + files(metrics));
            System.out.printf(
                    "[logs] %d checks in %d s; the bolt logged %d MB; the log directory peaked at %.1f MB%n",
                    checks, (System.nanoTime() - start) / 1_000_000_000L, logged >> 20, maxLogDir / 1048576.0);

            cluster.kill(name);
            LocalCluster.waitFor(
                    "every process gone",
                    Duration.ofSeconds(30),
                    () -> cluster.roles(name).isEmpty());
        }
    }

    /** The live log of the chatty bolt's instance. */
    private static Optional<Path> chattyLog(Path logs) {
        return files(logs).stream()
                .filter(f -> f.getFileName().toString().matches("instance-\\d+-chatty\\.log"))
                .findFirst();
    }

    /** Bytes of each process's files (live and rolled together), keyed by the live file's name. */
    private static Map<String, Long> bytesByProcess(Path dir) {
        Map<String, Long> out = new TreeMap<>();
        for (Path f : files(dir)) {
            String live = f.getFileName().toString().replaceFirst("\\.\\d+$", "");
            try {
                out.merge(live, Files.size(f), Long::sum);
            } catch (java.nio.file.NoSuchFileException e) {
                // rolled away between the listing and the look
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The number in the newest "chatty line N" of a log file, from its last 8 KB; 0 if none. */
    private static long lastLineNumber(Path log) {
        try (RandomAccessFile raf = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, raf.length() - 8192);
            byte[] tail = new byte[(int) (raf.length() - from)];
            raf.seek(from);
            raf.readFully(tail);
            Matcher m = LINE_NUMBER.matcher(new String(tail, StandardCharsets.UTF_8));
            long last = 0;
            while (m.find()) {
                last = Long.parseLong(m.group(1));
            }
            return last;
        } catch (IOException e) {
            // rolled away while being read: the next look finds the new one
            return 0;
        }
    }
}

package org.egret.bench.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * How a benchmark task reports, identically on Egret and on Storm: a daemon thread appends one
 * line {@code <epoch-ms> <fields...>} to {@code <dir>/<component>-<task>.txt} every period. The
 * harness reads these files; nothing engine-specific (metrics API, consumers, sinks) is involved.
 */
public final class Reporter {
    private final Thread thread;
    private volatile boolean running = true;

    private Reporter(Path file, long periodMs, Supplier<String> line) {
        thread = new Thread(
                () -> {
                    try (Writer w = Files.newBufferedWriter(
                            file,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND)) {
                        while (running) {
                            w.write(System.currentTimeMillis() + " " + line.get() + "\n");
                            w.flush();
                            Thread.sleep(periodMs);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                "bench-reporter-" + file.getFileName());
        thread.setDaemon(true);
    }

    public static Reporter start(String dir, String component, int task, long periodMs, Supplier<String> line) {
        try {
            Path d = Path.of(dir);
            Files.createDirectories(d);
            Reporter r = new Reporter(d.resolve(component + "-" + task + ".txt"), periodMs, line);
            r.thread.start();
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A counter with one writing thread: increments are plain stores, reads from any thread. */
    public static final class Counter {
        private final AtomicLong value = new AtomicLong();
        private long local;

        public void inc() {
            value.lazySet(++local);
        }

        public long get() {
            return value.get();
        }
    }

    public void stop() {
        running = false;
        thread.interrupt();
    }
}

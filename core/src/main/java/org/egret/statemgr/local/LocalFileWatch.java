package org.egret.statemgr.local;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch on one state file, by polling: portable file-change notification does not exist, and
 * state files change rarely. Compares contents, so a rewrite with equal bytes is no change.
 */
final class LocalFileWatch<T extends Message> implements StateManager.Watch {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFileWatch.class);

    private final Path file;
    private final Parser<T> parser;
    private final Consumer<Optional<T>> listener;
    private ScheduledFuture<?> task;
    /** Last bytes reported; null while the file is absent. Touched only on the poller thread. */
    private byte[] last;

    LocalFileWatch(Path file, Parser<T> parser, Consumer<Optional<T>> listener) {
        this.file = file;
        this.parser = parser;
        this.listener = listener;
    }

    void start(ScheduledExecutorService poller, long everyMs) {
        task = poller.scheduleWithFixedDelay(this::poll, 0, everyMs, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        byte[] now;
        try {
            now = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            now = null;
        } catch (IOException e) {
            LOG.warn("cannot read watched {}: {}", file, e.toString());
            return;
        }
        if (Arrays.equals(now, last)) {
            return;
        }
        last = now;
        try {
            listener.accept(
                    now == null ? Optional.empty() : Optional.of(LocalFileStateManager.decode(file, now, parser)));
        } catch (LocalFileStateManager.CorruptStateException e) {
            LOG.error("{}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("watcher of {} failed", file, e);
        }
    }

    @Override
    public void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}

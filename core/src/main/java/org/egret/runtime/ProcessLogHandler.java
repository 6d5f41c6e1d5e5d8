package org.egret.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A process's log: one file, named by the launcher through {@code -Degret.log.file}, rolled at
 * {@code egret.log.max.bytes} into {@code <file>.1} (newest) .. {@code <file>.N-1}, keeping
 * {@code egret.log.max.files} files in all (system properties of the same names, which the launcher
 * sets only when they differ from the keys' defaults). A line is never split across two files, and
 * each is flushed as it is written, so a process killed at any moment leaves every line it logged.
 *
 * <p>java.util.logging builds it from {@code conf/logging.properties} ({@code handlers=}), through
 * its no-argument constructor.
 */
public final class ProcessLogHandler extends Handler {
    public static final String FILE_PROPERTY = "egret.log.file";

    private final RollingOutput output;

    public ProcessLogHandler() {
        this(
                Path.of(System.getProperty(FILE_PROPERTY, "egret.log")),
                Long.getLong(LogKeys.LOG_MAX_BYTES.name(), LogKeys.LOG_MAX_BYTES.defaultValue()),
                Integer.getInteger(LogKeys.LOG_MAX_FILES.name(), LogKeys.LOG_MAX_FILES.defaultValue()));
    }

    ProcessLogHandler(Path file, long maxBytes, int maxFiles) {
        try {
            output = new RollingOutput(file, maxBytes, maxFiles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the log " + file, e);
        }
        setFormatter(new LogLineFormatter());
    }

    public Path file() {
        return output.file();
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String line;
        try {
            line = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        onOutput("write", ErrorManager.WRITE_FAILURE, () -> {
            output.writeWhole(bytes);
            output.flush();
        });
    }

    @Override
    public void flush() {
        onOutput("flush", ErrorManager.FLUSH_FAILURE, output::flush);
    }

    @Override
    public void close() {
        onOutput("close", ErrorManager.CLOSE_FAILURE, output::close);
    }

    private interface OutputAction {
        void run() throws IOException;
    }

    /** A logging failure goes to the handler's error manager: a log line must never fail the caller. */
    private void onOutput(String verb, int errorCode, OutputAction action) {
        try {
            action.run();
        } catch (IOException e) {
            reportError("cannot " + verb + " the log " + output.file(), e, errorCode);
        }
    }
}

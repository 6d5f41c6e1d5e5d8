package org.egret.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One log line per record: {@code 2026-12-07T20:17:07,066 INFO  [thread] Logger - message}, then the
 * stack trace of its throwable, if any. Levels are named as SLF4J names them (SLF4J's JUL binding maps
 * error to SEVERE, warn to WARNING, debug to FINE and trace to FINEST), so that a line reads the same
 * whichever API the code that wrote it used. {@link Brief} drops the time and the thread, for the CLI.
 */
public class LogLineFormatter extends Formatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss,SSS").withZone(ZoneId.systemDefault());

    private final boolean timeAndThread;

    public LogLineFormatter() {
        this(true);
    }

    LogLineFormatter(boolean timeAndThread) {
        this.timeAndThread = timeAndThread;
    }

    /** The CLI's form: level, logger and message only. */
    public static final class Brief extends LogLineFormatter {
        public Brief() {
            super(false);
        }
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128);
        if (timeAndThread) {
            TIME.formatTo(record.getInstant(), line);
            line.append(' ');
        }
        String level = levelName(record.getLevel());
        line.append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        if (timeAndThread) {
            // handlers publish on the thread that logged, so this is the thread the line is about
            line.append(" [").append(Thread.currentThread().getName()).append(']');
        }
        line.append(' ').append(shortName(record.getLoggerName())).append(" - ");
        line.append(formatMessage(record)).append('\n');
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        } else if (v >= Level.WARNING.intValue()) {
            return "WARN";
        } else if (v >= Level.INFO.intValue()) {
            return "INFO";
        } else if (v >= Level.FINE.intValue()) {
            // CONFIG sits between INFO and FINE; SLF4J has no such level
            return "DEBUG";
        }
        return "TRACE";
    }

    private static String shortName(String loggerName) {
        if (loggerName == null || loggerName.isEmpty()) {
            return "root";
        }
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }
}

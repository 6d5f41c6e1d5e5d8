package org.egret.runtime;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.Marker;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger over the java.util.logging logger of the same name ({@link JulSlf4jProvider}). Levels
 * map as SLF4J's own binding maps them: error to SEVERE, warn to WARNING, info to INFO, debug to FINE,
 * trace to FINEST. The message is formatted only once the level is known to be on.
 */
final class JulSlf4jLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient Logger target;

    JulSlf4jLogger(String name) {
        this.name = name;
        this.target = Logger.getLogger(name);
    }

    @Override
    public boolean isTraceEnabled() {
        return target.isLoggable(Level.FINEST);
    }

    @Override
    public boolean isDebugEnabled() {
        return target.isLoggable(Level.FINE);
    }

    @Override
    public boolean isInfoEnabled() {
        return target.isLoggable(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return target.isLoggable(Level.WARNING);
    }

    @Override
    public boolean isErrorEnabled() {
        return target.isLoggable(Level.SEVERE);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            org.slf4j.event.Level level, Marker marker, String pattern, Object[] arguments, Throwable thrown) {
        LogRecord record = new LogRecord(julLevel(level), MessageFormatter.basicArrayFormat(pattern, arguments));
        record.setLoggerName(name);
        record.setThrown(thrown);
        target.log(record);
    }

    static Level julLevel(org.slf4j.event.Level level) {
        switch (level) {
            case ERROR:
                return Level.SEVERE;
            case WARN:
                return Level.WARNING;
            case INFO:
                return Level.INFO;
            case DEBUG:
                return Level.FINE;
            default:
                return Level.FINEST;
        }
    }
}

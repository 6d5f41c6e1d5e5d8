package org.egret.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class JulSlf4jProviderTest {
    private static final String NAME = "org.egret.test.JulSlf4jProviderTest";
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final java.util.logging.Logger jul = java.util.logging.Logger.getLogger(NAME);

    @BeforeEach
    void capture() {
        jul.setUseParentHandlers(false);
        jul.addHandler(capture);
        jul.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        jul.removeHandler(capture);
        jul.setUseParentHandlers(true);
        jul.setLevel(null);
    }

    @Test
    void slf4jFindsThisBindingAndItsLoggersAreShared() {
        Logger log = LoggerFactory.getLogger(NAME);
        assertInstanceOf(JulSlf4jLogger.class, log);
        assertSame(log, LoggerFactory.getLogger(NAME));
        assertEquals(NAME, log.getName());
    }

    @Test
    void linesArriveFormattedAtTheirLevelsWithTheirThrowables() {
        Logger log = LoggerFactory.getLogger(NAME);
        IllegalStateException boom = new IllegalStateException("boom");
        log.info("task {} of {}", 3, "split");
        log.warn("slow: {}", "count", boom);
        log.error("gone", boom);
        log.atInfo().addArgument(7).log("fluent {}");
        assertEquals(4, records.size(), records.toString());
        assertEquals(Level.INFO, records.get(0).getLevel());
        assertEquals("task 3 of split", records.get(0).getMessage());
        assertEquals(NAME, records.get(0).getLoggerName());
        assertNull(records.get(0).getThrown());
        assertEquals(Level.WARNING, records.get(1).getLevel());
        assertEquals("slow: count", records.get(1).getMessage());
        assertSame(boom, records.get(1).getThrown());
        assertEquals(Level.SEVERE, records.get(2).getLevel());
        assertSame(boom, records.get(2).getThrown());
        assertEquals("fluent 7", records.get(3).getMessage());
    }

    @Test
    void levelsBelowTheJulLoggersAreOffAndNotFormatted() {
        Logger log = LoggerFactory.getLogger(NAME);
        assertTrue(log.isInfoEnabled());
        assertFalse(log.isDebugEnabled());
        Object failsIfFormatted = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("a debug line was formatted");
            }
        };
        log.debug("hidden {}", failsIfFormatted);
        log.trace("hidden {}", failsIfFormatted);
        assertTrue(records.isEmpty(), records.toString());
        jul.setLevel(Level.FINEST);
        assertTrue(log.isTraceEnabled());
        log.debug("shown");
        assertEquals(Level.FINE, records.get(0).getLevel());
    }
}

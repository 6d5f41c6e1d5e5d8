package org.egret.runtime;

import java.util.logging.LogManager;

/**
 * java.util.logging's manager for Egret's processes ({@code -Djava.util.logging.manager}). The JDK's
 * own manager closes every handler from a shutdown hook, which would end a process's log while
 * Egret's own shutdown hooks still report how the process stops. This one leaves the handlers open
 * when the JVM is stopping; their lines are flushed as they are written, so nothing waits to be.
 */
public final class ProcessLogManager extends LogManager {
    @Override
    public void reset() {
        if (jvmStopping()) {
            return;
        }
        super.reset();
    }

    private static boolean jvmStopping() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}

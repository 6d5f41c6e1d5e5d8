package org.egret.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends this process when its parent (executor, scheduler) dies, so that a {@code kill -9} of a
 * supervisor never leaves orphans behind.
 */
public final class ParentWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);

    private ParentWatch() {}

    public static void start(long parentPid) {
        if (parentPid <= 0) {
            return;
        }
        ProcessHandle.of(parentPid)
                .ifPresentOrElse(
                        parent -> parent.onExit().thenRun(() -> {
                            LOG.warn("parent process {} is gone; exiting", parentPid);
                            Runtime.getRuntime().halt(3);
                        }),
                        () -> {
                            LOG.warn("parent process {} is already gone; exiting", parentPid);
                            Runtime.getRuntime().halt(3);
                        });
    }
}

package org.egret.scheduler.mesos.sim;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, re-checking every 50 ms; fails the test with what it waited for. */
public final class Await {
    private Await() {}

    /** {@code detail}: what to add to the failure message, computed only on failure. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what + detail.get());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}

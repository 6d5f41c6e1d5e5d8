package org.egret.runtime;

/**
 * Doubling delays between attempts (reconnections, restarts, re-requests of a failed container,
 * subscriptions), capped, started afresh after a success. A caller that waits itself takes each
 * delay from {@link #next}; one that is polled instead (a metrics sink, on every flush) records a
 * {@link #failed} attempt and asks {@link #mayTry}.
 *
 * <p>Synchronized: a caller may fail on one thread and succeed on another (the stream manager's
 * link to the topology master fails on its finder thread and registers on its event loop).
 */
public final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private long nextMs;
    private long nextAttemptMs;

    /**
     * The first delay is {@code initialMs}; each later one doubles the one before, up to {@code maxMs}.
     * Nothing is adjusted when {@code maxMs} is below {@code initialMs}: callers differ in what that
     * means (the first delay capped too, or the cap raised), so each passes what it means.
     */
    public Backoff(long initialMs, long maxMs) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.nextMs = initialMs;
    }

    /** The delay before the next attempt; the one after it doubles. */
    public synchronized long next() {
        long d = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        return d;
    }

    /** An attempt at {@code nowMs} failed: the next may start after the next delay. */
    public synchronized void failed(long nowMs) {
        nextAttemptMs = nowMs + next();
    }

    /** Whether an attempt may start at {@code nowMs}: true until a failure, and again once its delay is over. */
    public synchronized boolean mayTry(long nowMs) {
        return nowMs >= nextAttemptMs;
    }

    /** An attempt succeeded: the next failure waits the first delay again, and an attempt may start at once. */
    public synchronized void reset() {
        nextMs = initialMs;
        nextAttemptMs = 0;
    }
}

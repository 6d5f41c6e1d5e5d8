package org.egret.scheduler.mesos;

/**
 * Doubling pauses between subscription attempts, so a master that answers 503 (no leader yet)
 * or has gone is not hammered; reset once a subscription succeeds.
 */
public final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private long nextMs;

  public Backoff(long initialMs, long maxMs) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.nextMs = initialMs;
  }

  synchronized long next() {
    long now = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return now;
  }

  void pause() throws InterruptedException {
    Thread.sleep(next());
  }

  synchronized void reset() {
    nextMs = initialMs;
  }
}

package org.egret.runtime;

/**
 * Doubling delays between attempts (reconnections, re-requests of a failed container), capped,
 * reset after a success.
 */
public final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private long nextMs;

  public Backoff(long initialMs, long maxMs) {
    this.initialMs = Math.min(initialMs, maxMs);
    this.maxMs = maxMs;
    this.nextMs = this.initialMs;
  }

  public long next() {
    long d = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return d;
  }

  public void reset() {
    nextMs = initialMs;
  }
}

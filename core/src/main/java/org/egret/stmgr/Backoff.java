package org.egret.stmgr;

/** Doubling delays between reconnection attempts, capped, reset after a success. */
final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private long nextMs;

  Backoff(long initialMs, long maxMs) {
    this.initialMs = Math.min(initialMs, maxMs);
    this.maxMs = maxMs;
    this.nextMs = this.initialMs;
  }

  long next() {
    long d = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return d;
  }

  void reset() {
    nextMs = initialMs;
  }
}

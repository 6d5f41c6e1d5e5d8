package org.egret.metricsmgr;

/** When a failing sink may try again: the pause doubles after each failure, up to a cap. */
final class RetryBackoff {
  private final long minMs;
  private final long maxMs;
  private long pauseMs;
  private long nextAttemptMs;

  RetryBackoff(long minMs, long maxMs) {
    this.minMs = minMs;
    this.maxMs = Math.max(minMs, maxMs);
    this.pauseMs = minMs;
  }

  boolean mayTry(long nowMs) {
    return nowMs >= nextAttemptMs;
  }

  void failed(long nowMs) {
    nextAttemptMs = nowMs + pauseMs;
    pauseMs = Math.min(maxMs, pauseMs * 2);
  }

  void succeeded() {
    pauseMs = minMs;
    nextAttemptMs = 0;
  }

  long pauseMs() {
    return pauseMs;
  }
}

package org.egret.tmaster;

import org.egret.proto.TMasterLocation;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TM's entry in {@code tmasters/}. The local state manager's files are not ephemeral, so the
 * entry carries a lease that the TM renews; readers ignore an expired one.
 */
final class TMasterLease {
  private static final Logger LOG = LoggerFactory.getLogger(TMasterLease.class);

  private final StateManager state;
  private final String topology;
  private final TMasterLocation.Builder location;
  private final long leaseMs;

  TMasterLease(StateManager state, String topology, TMasterLocation.Builder location, long leaseMs) {
    this.state = state;
    this.topology = topology;
    this.location = location;
    this.leaseMs = leaseMs;
  }

  long renewEveryMs() {
    return Math.max(1, leaseMs / 3);
  }

  void renew() {
    try {
      state.set(StateKind.TMASTERS, topology,
          location.setLeaseExpiryMs(System.currentTimeMillis() + leaseMs).build());
    } catch (RuntimeException e) {
      LOG.warn("cannot renew the TM lease: {}", e.toString());
    }
  }

  /** Removes the entry unless another TM has replaced it since. */
  void release() {
    try {
      boolean ours = state.get(StateKind.TMASTERS, topology, TMasterLocation.parser())
          .map(l -> l.getPid() == location.getPid() && l.getServerPort() == location.getServerPort())
          .orElse(false);
      if (ours) {
        state.delete(StateKind.TMASTERS, topology);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot remove the TM entry: {}", e.toString());
    }
  }
}

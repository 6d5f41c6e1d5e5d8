package org.egret.tmaster;

import org.egret.config.ConfigKey;

/** Egret config keys of this role, declared once (see ConfigKey). */
public final class TMasterKeys {
  private TMasterKeys() {
  }

  public static final ConfigKey<Long> LEASE_MS = ConfigKey.longKey("egret.tmaster.lease.ms", 10000, 300, 3600000,
      "How long the TM's entry in the state manager stays valid without renewal; renewed every third of it.");

  public static final ConfigKey<Long> STMGR_TIMEOUT_MS = ConfigKey.longKey("egret.tmaster.stmgr.timeout.ms",
      15000, 100, 3600000,
      "A stream manager silent (no heartbeat) for longer than this is considered lost and disconnected.");
}

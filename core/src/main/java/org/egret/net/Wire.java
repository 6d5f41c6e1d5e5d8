package org.egret.net;

import org.egret.config.EgretConfig;
import org.egret.net.auth.AuthSettings;

/**
 * How one kind of connection is set up: the handshake both ends must pass, and the largest frame
 * the peer may then send. Control connections (to a topology master, a metrics manager, a
 * scheduler) carry plans, heartbeats and metrics, so they get a small cap; data connections
 * (to and between stream managers) carry tuple batches.
 */
public record Wire(AuthSettings auth, int maxFrameBytes) {
  public static Wire control(AuthSettings auth, EgretConfig config) {
    return new Wire(auth, config.get(TransportKeys.CONTROL_MAX_FRAME_BYTES));
  }

  public static Wire data(AuthSettings auth, EgretConfig config) {
    return new Wire(auth, config.get(TransportKeys.DATA_MAX_FRAME_BYTES));
  }

  /** The same kind of connection under another name (see {@link AuthSettings#identity()}). */
  public Wire as(String identity) {
    return new Wire(auth.as(identity), maxFrameBytes);
  }
}

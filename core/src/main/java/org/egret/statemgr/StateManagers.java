package org.egret.statemgr;

import org.egret.config.EgretConfig;
import org.egret.statemgr.local.LocalFileStateManager;

/** Creates the configured state manager. */
public final class StateManagers {
  private StateManagers() {
  }

  public static StateManager open(EgretConfig config) {
    String type = config.get(StateMgrKeys.TYPE);
    StateManager sm;
    switch (type) {
      case "local":
        sm = new LocalFileStateManager();
        break;
      default:
        try {
          sm = (StateManager) Class.forName("org.egret.statemgr.zk.ZkStateManager")
              .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("state manager '" + type + "' is not on the class path", e);
        }
    }
    sm.initialize(config);
    return sm;
  }
}

package org.egret.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.egret.config.EgretConfig;
import org.egret.net.Wire;
import org.egret.net.auth.AuthSettings;
import org.egret.proto.ExecutionState;
import org.egret.security.TopologySecret;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;

/** What every verb gets: the cluster, its loaded config, where Egret is installed, and where to print. */
record CliContext(String cluster, EgretConfig config, Path egretHome, Path confDir,
    Map<String, String> properties, boolean verbose, PrintStream out) {

  /**
   * How the CLI talks to a topology's scheduler or Topology Master: as "cli", with the topology's
   * secret from the state manager, which only the topology's owner can read.
   */
  Wire wire(StateManager state, String topology) {
    String id = state.get(StateKind.EXECUTION_STATE, topology, ExecutionState.parser())
        .map(ExecutionState::getTopologyId)
        .orElseThrow(() -> new CliException("no topology '" + topology + "' on cluster '" + cluster + "'"));
    TopologySecret secret;
    try {
      secret = TopologySecret.load(state, topology);
    } catch (RuntimeException e) {
      throw new CliException(e.getMessage());
    }
    return Wire.control(AuthSettings.of(secret, id, "cli", config), config);
  }

  void say(String line) {
    out.println(line);
    out.flush();
  }
}

package org.egret.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.egret.config.EgretConfig;
import org.egret.net.Wire;
import org.egret.net.auth.AuthKeys;
import org.egret.net.auth.AuthSettings;
import org.egret.proto.ExecutionState;
import org.egret.security.TopologySecret;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;

/** What every verb gets: the cluster, its loaded config, where Egret is installed, and where to print. */
record CliContext(
        String cluster,
        EgretConfig config,
        Path egretHome,
        Path confDir,
        Map<String, String> properties,
        boolean verbose,
        PrintStream out) {

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
        // The server's limit protects it from idle connections; the CLI waiting longer harms nobody, and it
        // is how an operator stops a topology on a host so loaded that no process answers within seconds
        // (116 JVMs on 2 cores took longer than 5 s).
        long patience = Math.max(config.get(AuthKeys.AUTH_TIMEOUT_MS), CLI_AUTH_PATIENCE_MS);
        return Wire.control(new AuthSettings(secret, id, "cli", patience), config);
    }

    /** How long the CLI waits for a server to prove itself, at least. */
    static final long CLI_AUTH_PATIENCE_MS = 30_000;

    void say(String line) {
        out.println(line);
        out.flush();
    }
}

package org.egret.scheduler;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.egret.config.EgretConfig;
import org.egret.proto.PackingPlan;
import org.egret.statemgr.StateManager;

/** What a launcher needs: the topology, its plan, where its package is, and Egret's own install. */
public record LaunchContext(
        String topology,
        String topologyId,
        PackingPlan packingPlan,
        URI packageUri,
        EgretConfig config,
        Path egretHome,
        Path confDir,
        String cluster,
        Map<String, String> configProperties,
        StateManager state) {}

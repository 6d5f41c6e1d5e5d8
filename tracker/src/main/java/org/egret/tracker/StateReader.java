package org.egret.tracker;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.egret.proto.ExecutionState;
import org.egret.proto.Topology;
import org.egret.security.TopologySecret;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;

/**
 * The Tracker's reads of the state manager. A topology exists while it has a logical plan or an
 * execution state; a node that vanishes between two reads (a kill racing a request) is a 404.
 */
final class StateReader {
    private final StateManager state;

    StateReader(StateManager state) {
        this.state = state;
    }

    /** The topology's secret, which the Tracker uses to talk to its Topology Master and never serves. */
    TopologySecret secret(String name) {
        return TopologySecret.load(state, name);
    }

    List<String> names() {
        TreeSet<String> names = new TreeSet<>(state.list(StateKind.TOPOLOGIES));
        names.addAll(state.list(StateKind.EXECUTION_STATE));
        return List.copyOf(names);
    }

    boolean exists(String name) {
        try {
            return optional(StateKind.TOPOLOGIES, name, Topology.parser()).isPresent()
                    || optional(StateKind.EXECUTION_STATE, name, ExecutionState.parser())
                            .isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    <T extends Message> Optional<T> optional(StateKind kind, String name, Parser<T> parser) {
        try {
            return state.get(kind, name, parser);
        } catch (RuntimeException e) {
            // The local state manager may see a file disappear mid-read during a kill.
            if (!existsQuietly(kind, name)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    <T extends Message> T require(StateKind kind, String name, Parser<T> parser) {
        return optional(kind, name, parser)
                .orElseThrow(() -> exists(name)
                        ? ApiException.notFound("topology '" + name + "' has no " + kind.dir() + " entry (yet)")
                        : ApiException.notFound("no topology '" + name + "'"));
    }

    /** 404 unless the topology exists. */
    void checkExists(String name) {
        if (!exists(name)) {
            throw ApiException.notFound("no topology '" + name + "'");
        }
    }

    private boolean existsQuietly(StateKind kind, String name) {
        try {
            return state.list(kind).contains(name);
        } catch (RuntimeException e) {
            return false;
        }
    }
}

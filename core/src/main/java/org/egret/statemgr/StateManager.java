package org.egret.statemgr;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.egret.config.EgretConfig;
import org.egret.plugin.Plugin;
import org.egret.proto.TMasterLocation;

/**
 * Where a topology's plans and locations live (docs/design.md, section 5). One node per
 * (kind, topology), holding a protobuf message. Implementations: local file system, ZooKeeper.
 */
public interface StateManager extends Plugin {
    void initialize(EgretConfig config);

    void set(StateKind kind, String topology, Message value);

    <T extends Message> Optional<T> get(StateKind kind, String topology, Parser<T> parser);

    /**
     * Read-modify-write of one node: {@code change} gets the value there now (empty when absent) and
     * returns the value to write, or empty to leave the node as it is; returns what the node holds
     * afterwards. Several processes write one topology's execution state (the scheduler, every
     * executor, the Topology Master), so the local and ZooKeeper state managers make this atomic
     * against each other's updates (a file lock; a versioned write that is retried), and
     * {@code change} may run more than once. This default is not atomic.
     */
    default <T extends Message> Optional<T> update(
            StateKind kind, String topology, Parser<T> parser, Function<Optional<T>, Optional<T>> change) {
        Optional<T> now = get(kind, topology, parser);
        Optional<T> next = change.apply(now);
        next.ifPresent(v -> set(kind, topology, v));
        return next.isPresent() ? next : now;
    }

    /** Removes the node; absent is fine. */
    void delete(StateKind kind, String topology);

    /** Topology names that have a node of this kind. */
    List<String> list(StateKind kind);

    /** Takes the topology's lock (for submit, kill, update), waiting at most {@code timeout}. */
    Lock lock(String topology, Duration timeout);

    /**
     * Reports the node's value to {@code listener}: once with the value present when the watch is
     * armed (nothing if the node is absent then), and again after every change; {@code Optional.empty()}
     * when the node is deleted. Calls come in order from one state-manager thread and should not
     * block. ZooKeeper: a server-side watch, re-armed after reconnects and session expiry. Local
     * file system: polls the file every {@code egret.statemgr.local.poll.ms}, since files cannot be
     * watched portably.
     */
    <T extends Message> Watch watch(StateKind kind, String topology, Parser<T> parser, Consumer<Optional<T>> listener);

    /**
     * Makes the caller the topology's one live Topology Master. Blocks as a standby while another
     * live TM holds {@code tmasters/<topology>}, then publishes {@code location} there and keeps it
     * published until the hold is closed: ZooKeeper holds an ephemeral node (re-created after a
     * session expiry); the local file system renews a lease in the entry. {@code onLost} runs once
     * if another TM has taken the entry over (e.g. this one lost its session for longer than the
     * standby waited): the caller must stop serving.
     */
    TMasterHold holdTMaster(TMasterLocation location, Runnable onLost) throws InterruptedException;

    /** A held lock; closing releases it. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /** A registered watch; closing stops the calls. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** A held TM entry; closing removes it (if it is still this TM's). */
    interface TMasterHold extends AutoCloseable {
        @Override
        void close();
    }

    /** Removes every node of the topology: what a kill or a failed submit leaves behind is nothing. */
    default void deleteAll(String topology) {
        for (StateKind kind : StateKind.values()) {
            delete(kind, topology);
        }
    }

    @Override
    void close();
}

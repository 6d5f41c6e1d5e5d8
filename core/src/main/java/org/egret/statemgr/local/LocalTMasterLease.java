package org.egret.statemgr.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.egret.files.OwnerOnly;
import org.egret.proto.TMasterLocation;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TM's entry in {@code tmasters/} on the local file system. Files are not ephemeral, so the
 * entry carries a lease the holder renews; an entry whose lease ran out, or whose pid is gone
 * (same host: the local cluster), is free to take. Check-and-take runs under an OS file lock so
 * that two TMs starting together cannot both take it.
 */
final class LocalTMasterLease implements StateManager.TMasterHold {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTMasterLease.class);
    /** A standby re-reads the entry this often; the local state manager polls by design. */
    private static final long STANDBY_POLL_MS = 200;

    private final LocalFileStateManager state;
    private final Path guard;
    private final TMasterLocation.Builder location;
    private final long leaseMs;
    private final Runnable onLost;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tmaster-lease");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    LocalTMasterLease(
            LocalFileStateManager state, Path guard, TMasterLocation location, long leaseMs, Runnable onLost) {
        this.state = state;
        this.guard = guard;
        this.location = location.toBuilder();
        this.leaseMs = leaseMs;
        this.onLost = onLost;
    }

    private String topology() {
        return location.getTopologyName();
    }

    /** Blocks until the entry is ours, then renews it every third of the lease. */
    void acquire() throws InterruptedException {
        boolean announced = false;
        while (!tryTake()) {
            if (!announced) {
                LOG.info("another topology master holds {}; waiting as a standby", topology());
                announced = true;
            }
            TimeUnit.MILLISECONDS.sleep(STANDBY_POLL_MS);
        }
        long every = Math.max(1, leaseMs / 3);
        renewer.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private boolean tryTake() {
        try (FileChannel ch = FileChannel.open(guard, LocalFileStateManager.LOCK_FILE, OwnerOnly.fileAttribute());
                FileLock ignored = ch.lock()) {
            Optional<TMasterLocation> current = state.get(StateKind.TMASTERS, topology(), TMasterLocation.parser());
            if (current.isPresent() && !isOurs(current.get()) && isLive(current.get())) {
                return false;
            }
            write();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + guard, e);
        }
    }

    private void renew() {
        if (closed) {
            return;
        }
        try {
            Optional<TMasterLocation> current = state.get(StateKind.TMASTERS, topology(), TMasterLocation.parser());
            if (current.isPresent() && !isOurs(current.get())) {
                LOG.error(
                        "another topology master (pid {}) took over {}",
                        current.get().getPid(),
                        topology());
                closed = true;
                renewer.shutdown();
                onLost.run();
                return;
            }
            write();
        } catch (RuntimeException e) {
            LOG.warn("cannot renew the TM lease: {}", e.toString());
        }
    }

    private void write() {
        state.set(
                StateKind.TMASTERS,
                topology(),
                location.setLeaseExpiryMs(System.currentTimeMillis() + leaseMs).build());
    }

    private boolean isOurs(TMasterLocation l) {
        return l.getPid() == location.getPid()
                && l.getServerPort() == location.getServerPort()
                && l.getHost().equals(location.getHost());
    }

    private static boolean isLive(TMasterLocation l) {
        if (l.getLeaseExpiryMs() <= System.currentTimeMillis()) {
            return false;
        }
        // The local cluster is one host: a dead owner's lease need not be waited out.
        return ProcessHandle.of(l.getPid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Removes the entry unless another TM has replaced it since. */
    @Override
    public void close() {
        closed = true;
        renewer.shutdownNow();
        try {
            boolean ours = state.get(StateKind.TMASTERS, topology(), TMasterLocation.parser())
                    .map(this::isOurs)
                    .orElse(false);
            if (ours) {
                state.delete(StateKind.TMASTERS, topology());
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot remove the TM entry: {}", e.toString());
        }
    }
}

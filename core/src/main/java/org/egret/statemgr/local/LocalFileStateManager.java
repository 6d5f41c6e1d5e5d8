package org.egret.statemgr.local;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.egret.config.EgretConfig;
import org.egret.files.OwnerOnly;
import org.egret.plugin.PluginType;
import org.egret.proto.TMasterLocation;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateMgrKeys;

/**
 * State in a directory tree: {@code <root>/<kind>/<topology>} files holding protobuf. Writes go
 * through a temporary file that is fsynced, an atomic rename and an fsync of the directory, so
 * readers never see half a node, even after a power loss; a file that is empty or corrupt anyway
 * is an error naming it. Locks are
 * OS file locks on {@code <root>/locks/<topology>}, released when the holder dies. Watches poll
 * (see {@link LocalFileWatch}); the TM entry is a renewed lease (see {@link LocalTMasterLease}).
 */
@PluginType("local")
public final class LocalFileStateManager implements StateManager {
    /** How lock files are opened: created owner-only when missing. */
    static final Set<StandardOpenOption> LOCK_FILE = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);

    private Path root;
    private long pollMs;
    private long leaseMs;
    private ScheduledExecutorService poller;

    @Override
    public void initialize(EgretConfig config) {
        root = Path.of(config.get(StateMgrKeys.ROOT));
        pollMs = config.get(StateMgrKeys.LOCAL_POLL_MS);
        leaseMs = config.get(StateMgrKeys.TMASTER_LEASE_MS);
        try {
            // Owner-only: the nodes hold the topologies' config and secrets. The root is left as it is
            // when it exists (it may be configured anywhere); the families are Egret's own.
            for (StateKind kind : StateKind.values()) {
                OwnerOnly.directory(root.resolve(kind.dir()));
            }
            OwnerOnly.directory(root.resolve("locks"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    private Path node(StateKind kind, String topology) {
        return root.resolve(kind.dir()).resolve(topology);
    }

    /**
     * Temp file, fsync, atomic rename, fsync of the directory: after a crash or power loss the node
     * is the old value or the new one, never a zero-length or half-written file (a rename alone may
     * reach the disk before the data it names).
     */
    @Override
    public void set(StateKind kind, String topology, Message value) {
        Path target = node(kind, topology);
        byte[] bytes = value.toByteArray();
        if (bytes.length == 0) {
            // an empty file is how a torn write looks, so readers refuse it; no real node is all defaults
            throw new IllegalArgumentException(
                    "refusing to write an empty " + value.getDescriptorForType().getName() + " to " + target);
        }
        try {
            Path tmp = OwnerOnly.tempFile(target.getParent(), "." + topology, ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) {
                        ch.write(buf);
                    }
                    ch.force(true);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public <T extends Message> Optional<T> get(StateKind kind, String topology, Parser<T> parser) {
        Path p = node(kind, topology);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
        return Optional.of(decode(p, bytes, parser));
    }

    /**
     * The node's message, or an exception naming the file: a zero-length file, bytes that are no
     * message of the type, or bytes that decode to nothing it knows (garbage can decode as unknown
     * fields only) are never taken for an empty plan. Not a checksum: garbage that happens to decode
     * as a known field passes.
     */
    static <T extends Message> T decode(Path file, byte[] bytes, Parser<T> parser) {
        if (bytes.length == 0) {
            throw new CorruptStateException("state node " + file + " is empty (zero length): a write was torn or the "
                    + "file was truncated; restore it or remove the topology");
        }
        T msg;
        try {
            msg = parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptStateException(
                    "state node " + file + " is corrupt (" + bytes.length + " bytes that are not a " + "valid message: "
                            + e.getMessage() + ")",
                    e);
        }
        if (msg.getAllFields().isEmpty()) {
            throw new CorruptStateException(
                    "state node " + file + " is corrupt (" + bytes.length + " bytes with no field " + "of "
                            + msg.getDescriptorForType().getName() + ")");
        }
        return msg;
    }

    /** A state file that cannot be what was written there. */
    public static final class CorruptStateException extends IllegalStateException {
        CorruptStateException(String message) {
            super(message);
        }

        CorruptStateException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Object UPDATE_GUARD = new Object();

    /**
     * Under an OS lock on {@code locks/<topology>.update}, so writers in other processes wait; the
     * JVM-wide guard keeps two threads of one process from asking the OS for the same lock (which
     * Java refuses rather than blocks).
     */
    @Override
    public <T extends Message> Optional<T> update(
            StateKind kind, String topology, Parser<T> parser, Function<Optional<T>, Optional<T>> change) {
        Path file = updateGuard(topology);
        synchronized (UPDATE_GUARD) {
            try (FileChannel ch = FileChannel.open(file, LOCK_FILE, OwnerOnly.fileAttribute());
                    FileLock held = ch.lock()) {
                Optional<T> now = get(kind, topology, parser);
                Optional<T> next = change.apply(now);
                next.ifPresent(v -> set(kind, topology, v));
                return next.isPresent() ? next : now;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + file, e);
            }
        }
    }

    private Path updateGuard(String topology) {
        return root.resolve("locks").resolve(topology + ".update");
    }

    @Override
    public void delete(StateKind kind, String topology) {
        try {
            Files.deleteIfExists(node(kind, topology));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> list(StateKind kind) {
        try (Stream<Path> s = Files.list(root.resolve(kind.dir()))) {
            List<String> names = new ArrayList<>();
            s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Lock lock(String topology, Duration timeout) {
        Path file = root.resolve("locks").resolve(topology);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            FileChannel ch = FileChannel.open(file, LOCK_FILE, OwnerOnly.fileAttribute());
            while (true) {
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock != null) {
                    FileLock held = lock;
                    return () -> {
                        try {
                            held.release();
                            ch.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    };
                }
                if (System.nanoTime() > deadline) {
                    ch.close();
                    throw new IllegalStateException("topology '" + topology + "' is locked by another operation");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while locking " + topology, e);
        }
    }

    @Override
    public synchronized <T extends Message> Watch watch(
            StateKind kind, String topology, Parser<T> parser, Consumer<Optional<T>> listener) {
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "statemgr-watch");
                t.setDaemon(true);
                return t;
            });
        }
        LocalFileWatch<T> watch = new LocalFileWatch<>(node(kind, topology), parser, listener);
        watch.start(poller, pollMs);
        return watch;
    }

    @Override
    public TMasterHold holdTMaster(TMasterLocation location, Runnable onLost) throws InterruptedException {
        LocalTMasterLease lease =
                new LocalTMasterLease(this, tmasterGuard(location.getTopologyName()), location, leaseMs, onLost);
        lease.acquire();
        return lease;
    }

    /** Serializes TMs taking the entry; separate from the topology lock, which submit holds for long. */
    private Path tmasterGuard(String topology) {
        return root.resolve("locks").resolve(topology + ".tmaster");
    }

    @Override
    public void deleteAll(String topology) {
        StateManager.super.deleteAll(topology);
        try {
            Files.deleteIfExists(root.resolve("locks").resolve(topology));
            Files.deleteIfExists(tmasterGuard(topology));
            Files.deleteIfExists(updateGuard(topology));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}

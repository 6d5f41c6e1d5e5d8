package org.egret.statemgr.local;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.egret.config.EgretConfig;
import org.egret.proto.TMasterLocation;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateMgrKeys;
import org.egret.tmaster.TMasterKeys;

/**
 * State in a directory tree: {@code <root>/<kind>/<topology>} files holding protobuf. Writes go
 * through a temporary file and an atomic rename, so readers never see half a node. Locks are
 * OS file locks on {@code <root>/locks/<topology>}, released when the holder dies. Watches poll
 * (see {@link LocalFileWatch}); the TM entry is a renewed lease (see {@link LocalTMasterLease}).
 */
public final class LocalFileStateManager implements StateManager {
  private Path root;
  private long pollMs;
  private long leaseMs;
  private ScheduledExecutorService poller;

  @Override
  public void initialize(EgretConfig config) {
    root = Path.of(config.get(StateMgrKeys.ROOT));
    pollMs = config.get(StateMgrKeys.LOCAL_POLL_MS);
    leaseMs = config.get(TMasterKeys.LEASE_MS);
    try {
      for (StateKind kind : StateKind.values()) {
        Files.createDirectories(root.resolve(kind.dir()));
      }
      Files.createDirectories(root.resolve("locks"));
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

  @Override
  public void set(StateKind kind, String topology, Message value) {
    Path target = node(kind, topology);
    try {
      Path tmp = Files.createTempFile(target.getParent(), "." + topology, ".tmp");
      Files.write(tmp, value.toByteArray());
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  @Override
  public <T extends Message> Optional<T> get(StateKind kind, String topology, Parser<T> parser) {
    Path p = node(kind, topology);
    try {
      return Optional.of(parser.parseFrom(Files.readAllBytes(p)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt state node " + p, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
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
      s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().forEach(names::add);
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
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
  public synchronized <T extends Message> Watch watch(StateKind kind, String topology, Parser<T> parser,
      Consumer<Optional<T>> listener) {
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
    LocalTMasterLease lease = new LocalTMasterLease(this, tmasterGuard(location.getTopologyName()), location,
        leaseMs, onLost);
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

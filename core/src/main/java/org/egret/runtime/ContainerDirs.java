package org.egret.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalInt;

/**
 * The layout of one container's directory:
 * {@code package/} (the unpacked topology package), {@code logs/} (one log per process),
 * {@code ports/} (one file per server, holding the port it bound, so port 0 works everywhere).
 */
public final class ContainerDirs {
  /** File names inside the unpacked topology package. */
  public static final String USER_JAR = "topology.jar";
  public static final String LOGICAL_PLAN = "topology.pb";
  public static final String STORM_TOPOLOGY = "storm-topology.ser";
  public static final String STORM_CONF = "storm-conf.json";

  private final Path root;

  public ContainerDirs(Path root) {
    this.root = root.toAbsolutePath();
  }

  public Path root() { return root; }
  public Path packageDir() { return root.resolve("package"); }
  public Path logs() { return root.resolve("logs"); }
  public Path ports() { return root.resolve("ports"); }
  public Path metrics() { return root.resolve("metrics"); }

  public Path userJar() { return packageDir().resolve(USER_JAR); }
  public Path logicalPlan() { return packageDir().resolve(LOGICAL_PLAN); }
  public Path stormTopology() { return packageDir().resolve(STORM_TOPOLOGY); }
  public Path stormConf() { return packageDir().resolve(STORM_CONF); }

  public void create() {
    try {
      Files.createDirectories(logs());
      Files.createDirectories(ports());
      Files.createDirectories(metrics());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Removes what a previous executor of this container left that describes processes that are gone:
   * every published port (a reader must wait for the new processes' ports, not connect to dead
   * ones) and the {@code failed-processes} list older executors wrote. The package and logs stay.
   */
  public void clearRunState() {
    try {
      Files.deleteIfExists(root.resolve("failed-processes"));
      if (Files.isDirectory(ports())) {
        try (java.util.stream.Stream<Path> s = Files.list(ports())) {
          for (Path p : s.toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + ports(), e);
    }
  }

  /** Publishes the port a server of this container bound, e.g. {@code writePort("stmgr", 41234)}. */
  public void writePort(String server, int port) {
    try {
      Files.createDirectories(ports());
      Path tmp = Files.createTempFile(ports(), "." + server, ".tmp");
      Files.writeString(tmp, Integer.toString(port), StandardCharsets.US_ASCII);
      Files.move(tmp, ports().resolve(server), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public OptionalInt readPort(String server) {
    try {
      return OptionalInt.of(Integer.parseInt(
          Files.readString(ports().resolve(server), StandardCharsets.US_ASCII).trim()));
    } catch (NoSuchFileException e) {
      return OptionalInt.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void deletePort(String server) {
    try {
      Files.deleteIfExists(ports().resolve(server));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

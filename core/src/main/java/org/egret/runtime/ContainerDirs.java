package org.egret.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Stream;
import org.egret.config.EgretConfig;

/**
 * The layout of one container's directory:
 * {@code package/} (the unpacked topology package), {@code package/resources/} (the user jar's
 * {@code resources/}, Storm's code directory), {@code logs/} (one log per process, unless
 * {@code egret.container.log.dir} names another directory, as on YARN),
 * {@code ports/} (one file per server, holding the {@code host:port} it advertises).
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

    public Path root() {
        return root;
    }

    public Path packageDir() {
        return root.resolve("package");
    }
    /** The default log directory; {@link #logs(EgretConfig)} is where the container's processes log. */
    public Path logs() {
        return root.resolve("logs");
    }

    /** The container's log directory: {@code egret.container.log.dir}, or {@code logs/} when that is empty. */
    public Path logs(EgretConfig config) {
        String dir = config.get(LogKeys.CONTAINER_LOG_DIR);
        return dir.isBlank() ? logs() : Path.of(dir).toAbsolutePath();
    }

    public Path ports() {
        return root.resolve("ports");
    }
    /** The topology's secret (mode 0600), written before the executor starts; see TopologySecret. */
    public Path secretFile() {
        return root.resolve("topology.secret");
    }

    public Path metrics() {
        return root.resolve("metrics");
    }

    public Path userJar() {
        return packageDir().resolve(USER_JAR);
    }
    /**
     * Storm's code directory ({@code TopologyContext.getCodeDir()}): what the user jar holds under
     * {@code resources/}, where ShellBolt and ShellSpout run their subprocesses ({@link JarResources}).
     */
    public Path codeDir() {
        return packageDir().resolve("resources");
    }

    public Path logicalPlan() {
        return packageDir().resolve(LOGICAL_PLAN);
    }

    public Path stormTopology() {
        return packageDir().resolve(STORM_TOPOLOGY);
    }

    public Path stormConf() {
        return packageDir().resolve(STORM_CONF);
    }

    public void create() {
        create(EgretConfig.defaults());
    }

    public void create(EgretConfig config) {
        try {
            Files.createDirectories(logs(config));
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
                try (Stream<Path> s = Files.list(ports())) {
                    for (Path p : s.toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + ports(), e);
        }
    }

    /**
     * Publishes where a server of this container can be reached, as {@code host:port} with the host it
     * advertises, e.g. {@code writeAddress("stmgr", "node7.example.com", 41234)}. The container's other
     * processes connect to exactly that, as peers on other hosts do (port 0 works everywhere).
     */
    public void writeAddress(String server, String host, int port) {
        try {
            Files.createDirectories(ports());
            Path tmp = Files.createTempFile(ports(), "." + server, ".tmp");
            Files.writeString(tmp, host + ":" + port, StandardCharsets.US_ASCII);
            Files.move(
                    tmp, ports().resolve(server), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address a server of this container published (unresolved), if it has. */
    public Optional<InetSocketAddress> readAddress(String server) {
        Path f = ports().resolve(server);
        String text;
        try {
            text = Files.readString(f, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int colon = text.lastIndexOf(':');
        try {
            return Optional.of(InetSocketAddress.createUnresolved(
                    text.substring(0, colon), Integer.parseInt(text.substring(colon + 1))));
        } catch (RuntimeException e) {
            throw new IllegalStateException(f + " does not hold host:port: '" + text + "'");
        }
    }

    public void deleteAddress(String server) {
        try {
            Files.deleteIfExists(ports().resolve(server));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

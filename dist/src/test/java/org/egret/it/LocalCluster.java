package org.egret.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.egret.net.Wire;
import org.egret.net.auth.AuthSettings;
import org.egret.proto.ExecutionState;
import org.egret.proto.StoredSecret;
import org.egret.runtime.ProcessArguments;
import org.egret.security.TopologySecret;

/**
 * The built distribution driven through {@code bin/egret} as a user would, with its state,
 * packages and containers in a private temporary directory. Closing kills what is left and
 * checks that no process of its topologies survives.
 */
final class LocalCluster implements AutoCloseable {
    record Result(int code, String out, String err) {}

    /** The built distribution the tests run. */
    static final Path DIST =
            Path.of(System.getProperty("egret.dist", "target/egret")).toAbsolutePath();

    final Path dist = DIST;
    final Path examplesJar = dist.resolve("examples/egret-examples.jar");
    final Path root;
    final Path stateRoot;
    final Path workingDir;
    final Path packagesDir;
    private final List<String> submitted = new ArrayList<>();
    private final List<String> extraProperties = new ArrayList<>();
    private final java.util.Map<String, String> extraEnv = new java.util.TreeMap<>();
    private final String cluster;

    LocalCluster() throws IOException {
        this("local");
    }

    /** Runs every verb against {@code cluster}, i.e. with the distribution's {@code conf/<cluster>/*.yaml}. */
    LocalCluster(String cluster) throws IOException {
        this.cluster = cluster;
        root = Files.createTempDirectory("egret-it-");
        stateRoot = root.resolve("state");
        workingDir = root.resolve("topologies");
        packagesDir = root.resolve("packages");
    }

    List<String> baseArgs() {
        List<String> args = new ArrayList<>(List.of(
                "--config-property",
                "egret.statemgr.root=" + stateRoot,
                "--config-property",
                "egret.working.dir=" + workingDir,
                "--config-property",
                "egret.uploader.local.dir=" + packagesDir));
        args.addAll(extraProperties);
        return args;
    }

    /** With a host per container: the scheduler's address, and container 0's (container N's is N above). */
    private String schedulerHost;

    private String firstContainerHost;

    /**
     * Runs every container as if on a host of its own: container N binds, advertises and connects from
     * 127.0.0.(10 + N), the scheduler from 127.0.0.2, and 127.0.0.1 belongs to nobody
     * ({@link #assertHostPerContainer}).
     */
    LocalCluster withHostPerContainer() {
        return withHostPerContainer("127.0.0.2", "127.0.0.10");
    }

    /** As {@link #withHostPerContainer()}, with these addresses (e.g. those of network namespaces). */
    LocalCluster withHostPerContainer(String scheduler, String firstContainer) {
        schedulerHost = scheduler;
        firstContainerHost = firstContainer;
        return withConfigProperty("egret.host", scheduler)
                .withConfigProperty("egret.local.container.first.host", firstContainer);
    }

    private String containerHost(int container) {
        int dot = firstContainerHost.lastIndexOf('.');
        return firstContainerHost.substring(0, dot + 1)
                + (Integer.parseInt(firstContainerHost.substring(dot + 1)) + container);
    }

    /**
     * Checks, from the kernel's socket tables, that every process of the topology listens and connects
     * only on its own container's address (the scheduler on its own), never on 127.0.0.1
     * or a wildcard address; and that there is something to check: each server listens, each instance
     * holds its two connections, and stream managers talk across containers.
     */
    void assertHostPerContainer(String topology) {
        assertHostPerContainer(topology, Duration.ZERO);
    }

    /**
     * The same, asked again until it holds or {@code patience} has passed: a server that a test
     * killed a moment ago is restarted, but may not be listening yet.
     */
    void assertHostPerContainer(String topology, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                checkHostPerContainer(topology);
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void checkHostPerContainer(String topology) {
        Map<Long, List<String>> args = new HashMap<>();
        ProcessHandle.allProcesses()
                .forEach(p -> ProcessArguments.of(p).ifPresent(a -> {
                    if (a.contains("-Degret.topology=" + topology)) {
                        args.put(p.pid(), a);
                    }
                }));
        List<String> problems = new ArrayList<>();
        Map<Long, Integer> listening = new HashMap<>();
        Map<Long, Integer> connected = new HashMap<>();
        boolean crossContainer = false;
        for (SocketAudit.Socket s : SocketAudit.of(args.keySet())) {
            List<String> a = args.get(s.pid());
            String role = argAfterPrefix(a, "-Degret.role=");
            String expected = role.equals("scheduler")
                    ? schedulerHost
                    : containerHost(Integer.parseInt(a.get(a.indexOf("--container") + 1)));
            if (SocketAudit.forbidden(s.local())
                    || (!s.listening() && SocketAudit.forbidden(s.remote()))
                    || !s.local().getHostAddress().equals(expected)) {
                problems.add(role + ": " + s + ", expected only " + expected);
            }
            (s.listening() ? listening : connected).merge(s.pid(), 1, Integer::sum);
            crossContainer |= role.equals("stmgr")
                    && !s.listening()
                    && !s.remote().getHostAddress().equals(s.local().getHostAddress());
        }
        args.forEach((pid, a) -> {
            String role = argAfterPrefix(a, "-Degret.role=");
            // an executor serves its container's metrics manager (and in container 0 the TM)
            if (List.of("stmgr", "executor").contains(role) && listening.getOrDefault(pid, 0) == 0) {
                problems.add(role + " (pid " + pid + ") listens nowhere");
            }
            if (role.equals("instance") && connected.getOrDefault(pid, 0) < 2) {
                problems.add(
                        "instance (pid " + pid + ") holds " + connected.getOrDefault(pid, 0) + " connections, not 2+");
            }
        });
        if (!crossContainer) {
            problems.add("no stream manager holds a connection to another container's address");
        }
        if (!problems.isEmpty()) {
            fail("addresses of '" + topology + "':\n" + String.join("\n", problems));
        }
    }

    private static String argAfterPrefix(List<String> args, String prefix) {
        return args.stream()
                .filter(x -> x.startsWith(prefix))
                .findFirst()
                .map(x -> x.substring(prefix.length()))
                .orElse("?");
    }

    /** Adds {@code --config-property key=value} to every later command (e.g. another uploader). */
    LocalCluster withConfigProperty(String key, String value) {
        extraProperties.addAll(List.of("--config-property", key + "=" + value));
        return this;
    }

    /** Sets an environment variable of every later command (e.g. JVM options for a test KDC). */
    LocalCluster withEnv(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** {@code egret <verb> <cluster> <baseArgs> <extra properties> <args>}. */
    Result egret(String verb, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(dist.resolve("bin/egret").toString(), verb, cluster));
        List<String> rest = new ArrayList<>(List.of(args));
        cmd.addAll(baseArgs());
        cmd.addAll(rest);
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("egret " + verb + " did not finish in 5 minutes");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    Result submit(String mainClass, String name, String... userArgs) throws Exception {
        return submit(examplesJar, mainClass, name, userArgs);
    }

    /** Submits a topology from another jar than egret-examples.jar. */
    Result submit(Path jar, String mainClass, String name, String... userArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of(jar.toString(), mainClass, name));
        args.addAll(List.of(userArgs));
        Result r = egret("submit", args.toArray(String[]::new));
        if (r.code() == 0) {
            submitted.add(name);
        }
        return r;
    }

    /** A topology submitted another way, to be killed on close like the rest. */
    void track(String name) {
        submitted.add(name);
    }

    Result submitOk(String mainClass, String name, String... userArgs) throws Exception {
        return submitOk(examplesJar, mainClass, name, userArgs);
    }

    Result submitOk(Path jar, String mainClass, String name, String... userArgs) throws Exception {
        Result r = submit(jar, mainClass, name, userArgs);
        if (r.code() != 0) {
            fail("submit failed (" + r.code() + "): " + r.err() + r.out() + "\n" + logs(name));
        }
        return r;
    }

    /** Every process whose command line names this topology, by role. */
    List<String> roles(String topology) {
        String marker = "-Degret.topology=" + topology;
        List<String> roles = new ArrayList<>();
        ProcessHandle.allProcesses()
                .forEach(p -> ProcessArguments.of(p).ifPresent(a -> {
                    if (a.contains(marker)) {
                        a.stream()
                                .filter(s -> s.startsWith("-Degret.role="))
                                .findFirst()
                                .ifPresent(s -> roles.add(s.substring("-Degret.role=".length())));
                    }
                }));
        roles.sort(null);
        return roles;
    }

    /** Pids of the topology's processes of one role. */
    java.util.Set<Long> pids(String topology, String role) {
        return pids(topology, role, "");
    }

    /** Pids of the topology's processes of one role whose command line has an argument ending in {@code suffix}. */
    java.util.Set<Long> pids(String topology, String role, String suffix) {
        List<String> want = List.of("-Degret.topology=" + topology, "-Degret.role=" + role);
        java.util.Set<Long> pids = new java.util.TreeSet<>();
        ProcessHandle.allProcesses()
                .forEach(p -> ProcessArguments.of(p).ifPresent(a -> {
                    if (a.containsAll(want) && (suffix.isEmpty() || a.stream().anyMatch(x -> x.endsWith(suffix)))) {
                        pids.add(p.pid());
                    }
                }));
        return pids;
    }

    /** Pids of container 0's executor, which runs the Topology Master (one, unless it is being replaced). */
    java.util.Set<Long> topologyMasterPids(String topology) {
        return pids(topology, "executor", "executor-0.log");
    }

    Path containerDir(String topology, int container) {
        return workingDir.resolve(topology).resolve("container-" + container);
    }

    /** Log tails of every process of the topology, for failure messages. */
    String logs(String topology) {
        StringBuilder sb = new StringBuilder();
        Path dir = workingDir.resolve(topology);
        if (!Files.isDirectory(dir)) {
            return "(no working dir)";
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(
                            p -> p.toString().endsWith(".log") || p.toString().endsWith(".out"))
                    .sorted()
                    .toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                List<String> errors = lines.stream()
                        .filter(l -> l.contains("ERROR") || l.contains("Exception") || l.contains("WARN"))
                        .limit(15)
                        .toList();
                if (!errors.isEmpty()) {
                    sb.append("== ").append(dir.relativize(f)).append('\n');
                    errors.forEach(l -> sb.append(l).append('\n'));
                }
            }
        } catch (IOException e) {
            sb.append(e);
        }
        return sb.toString();
    }

    static void waitFor(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    void kill(String topology) throws Exception {
        Result r = egret("kill", topology);
        if (r.code() != 0) {
            fail("kill failed: " + r.err());
        }
        submitted.remove(topology);
    }

    boolean stateIsEmpty() throws IOException {
        return stateFiles().isEmpty();
    }

    /** The files under the state directory, relative to it: what a kill left behind. */
    List<String> stateFiles() throws IOException {
        if (!Files.exists(stateRoot)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(stateRoot)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> stateRoot.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    /**
     * A connection to the topology's servers as its owner makes them: with the topology's secret and id
     * from the state directory, under {@code identity}, capped at {@code maxFrameBytes}.
     */
    Wire wire(String topology, String identity, int maxFrameBytes) {
        try {
            StoredSecret secret = StoredSecret.parseFrom(
                    Files.readAllBytes(stateRoot.resolve("secrets").resolve(topology)));
            ExecutionState es = ExecutionState.parseFrom(
                    Files.readAllBytes(stateRoot.resolve("executionstate").resolve(topology)));
            return new Wire(
                    new AuthSettings(
                            TopologySecret.of(secret.getKey().toByteArray()), es.getTopologyId(), identity, 5000),
                    maxFrameBytes);
        } catch (IOException e) {
            throw new IllegalStateException("no secret or execution state of " + topology + " in " + stateRoot, e);
        }
    }

    @Override
    public void close() throws Exception {
        for (String t : new ArrayList<>(submitted)) {
            egret("kill", t);
        }
        for (String t : submitted) {
            ProcessHandle.allProcesses()
                    .filter(p -> ProcessArguments.has(p, "-Degret.topology=" + t))
                    .forEach(ProcessHandle::destroyForcibly);
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

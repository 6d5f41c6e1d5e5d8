package org.egret.storm.submit;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.storm.generated.AlreadyAliveException;
import org.apache.storm.generated.ClusterSummary;
import org.apache.storm.generated.Nimbus;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.generated.SubmitOptions;
import org.apache.storm.generated.TopologyInitialStatus;
import org.apache.storm.utils.NimbusClient;
import org.apache.storm.utils.Utils;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.egret.runtime.ContainerDirs;
import org.egret.storm.translate.InvalidTopologyException;
import org.egret.storm.translate.MetricsConsumerComponents;
import org.egret.storm.translate.StormJson;
import org.egret.storm.translate.StormNormalizer;
import org.egret.storm.translate.TopologyTranslator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a user's unmodified Storm main with a capturing Nimbus installed, and writes what it submits
 * (normalized {@code storm-topology.ser}, {@code storm-conf.json}, Egret's {@code topology.pb}) to a directory.
 */
public final class Capture {
    private static final Logger LOG = LoggerFactory.getLogger(Capture.class);
    public static final String ERROR_FILE = "error.txt";

    /** The outcome: exit code 0 with the topology, or 2 with a one-line message (also written to error.txt). */
    public record Result(int exitCode, String error, Topology topology) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path outputDir;
    private final String name;
    private final String mainClass;
    private final List<String> userArgs;
    private final Duration timeout;
    private final boolean holdSubmitter;
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private boolean allowJavaSerialization;

    /**
     * @param holdSubmitter keep the user's thread inside submitTopology after the capture (so that a main
     *     which exits the JVM after submitting cannot race the caller); tests pass false
     */
    public Capture(
            Path outputDir,
            String name,
            String mainClass,
            List<String> userArgs,
            Duration timeout,
            boolean holdSubmitter) {
        this.outputDir = outputDir;
        this.name = name;
        this.mainClass = mainClass;
        this.userArgs = List.copyOf(userArgs);
        this.timeout = timeout;
        this.holdSubmitter = holdSubmitter;
    }

    /** Accept topology.fall.back.on.java.serialization: true (the cluster's egret.allow.java.serialization). */
    public Capture allowJavaSerialization(boolean allow) {
        this.allowJavaSerialization = allow;
        return this;
    }

    public Result run() {
        try {
            Files.createDirectories(outputDir);
            Files.deleteIfExists(outputDir.resolve(ERROR_FILE));
        } catch (IOException e) {
            return new Result(2, "cannot prepare " + outputDir + ": " + e.getMessage(), null);
        }
        Result r = runMain();
        if (!r.ok()) {
            try {
                Files.writeString(
                        outputDir.resolve(ERROR_FILE), r.error() + System.lineSeparator(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                LOG.error("cannot write {}", outputDir.resolve(ERROR_FILE), e);
            }
        }
        return r;
    }

    private Result runMain() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Capture.class.getClassLoader();
        }
        Method main;
        try {
            Class<?> cls = Class.forName(mainClass, false, loader);
            main = cls.getMethod("main", String[].class);
            if (!Modifier.isStatic(main.getModifiers())) {
                return error("main class " + mainClass + " has no static main(String[]) method");
            }
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return error("main class " + mainClass + " not found in the jar");
        } catch (NoSuchMethodException e) {
            return error("main class " + mainClass + " has no main(String[]) method");
        }
        List<String> args = new ArrayList<>();
        args.add(name);
        args.addAll(userArgs);
        Nimbus.Iface nimbus = (Nimbus.Iface) Proxy.newProxyInstance(
                Nimbus.Iface.class.getClassLoader(), new Class<?>[] {Nimbus.Iface.class}, new CapturingNimbus());
        try (NimbusClient.LocalOverride ignored = new NimbusClient.LocalOverride(nimbus)) {
            final ClassLoader userLoader = loader;
            Thread t = new Thread(
                    () -> {
                        try {
                            main.invoke(null, (Object) args.toArray(new String[0]));
                            done.complete(new Result(2, "main returned without submitting a topology", null));
                        } catch (InvocationTargetException e) {
                            Throwable root = rootCause(e.getCause());
                            LOG.error("main threw", e.getCause());
                            done.complete(new Result(2, "main threw " + describe(root), null));
                        } catch (Throwable e) {
                            done.complete(new Result(2, "cannot run main: " + describe(e), null));
                        }
                    },
                    "user-main");
            t.setDaemon(true);
            t.setContextClassLoader(userLoader);
            t.start();
            try {
                return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return error("main did not submit a topology within " + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return error("interrupted");
            } catch (ExecutionException e) {
                return error("capture failed: " + describe(rootCause(e)));
            }
        } catch (Exception e) {
            return error("capture failed: " + describe(e));
        }
    }

    private static Result error(String message) {
        return new Result(2, message, null);
    }

    static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    static String describe(Throwable t) {
        String msg = t.getMessage();
        String oneLine = msg == null ? "" : ": " + msg.replaceAll("\\s+", " ").trim();
        return t.getClass().getName() + oneLine;
    }

    /** Normalizes, validates, translates and writes the submission; returns the result. */
    Result accept(String submittedName, String jsonConf, StormTopology topology, SubmitOptions opts) {
        if (!name.equals(submittedName)) {
            return error("main submitted topology '" + submittedName + "' but the name given was '" + name
                    + "' (a Storm main must submit under args[0])");
        }
        try {
            Map<String, Object> conf = StormJson.parseMap(jsonConf);
            StormNormalizer.Normalized n = StormNormalizer.normalize(name, conf, topology);
            StormNormalizer.checkJavaSerialization(n.conf(), allowJavaSerialization);
            TopologyState state = opts != null
                            && opts.is_set_initial_status()
                            && opts.get_initial_status() == TopologyInitialStatus.INACTIVE
                    ? TopologyState.PAUSED
                    : TopologyState.RUNNING;
            StormTopology withConsumers = MetricsConsumerComponents.add(n.conf(), n.topology());
            Topology egret = TopologyTranslator.translate(
                    TopologyTranslator.newTopologyId(name), name, withConsumers, n.conf(), state);
            write(ContainerDirs.STORM_TOPOLOGY, Utils.thriftSerialize(withConsumers));
            write(ContainerDirs.STORM_CONF, StormJson.write(n.conf()).getBytes(StandardCharsets.UTF_8));
            write(ContainerDirs.LOGICAL_PLAN, egret.toByteArray());
            return new Result(0, null, egret);
        } catch (InvalidTopologyException e) {
            return error("invalid topology: " + e.getMessage());
        } catch (IOException e) {
            return error("cannot write the captured topology: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("cannot translate the topology", e);
            return error("cannot translate the topology: " + describe(rootCause(e)));
        }
    }

    private void write(String file, byte[] bytes) throws IOException {
        Path tmp = outputDir.resolve(file + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, outputDir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A Nimbus that accepts uploads, says every name is allowed, and captures the submission. */
    private final class CapturingNimbus implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] a) throws Throwable {
            switch (method.getName()) {
                case "toString":
                    return "EgretCapturingNimbus";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == a[0];
                case "isTopologyNameAllowed":
                    return Boolean.TRUE;
                case "beginFileUpload":
                    return "egret-capture/" + name + ".jar";
                case "uploadChunk":
                case "finishFileUpload":
                    return null;
                case "getClusterInfo": {
                    ClusterSummary s = new ClusterSummary();
                    s.set_supervisors(new ArrayList<>());
                    s.set_topologies(new ArrayList<>());
                    s.set_nimbuses(new ArrayList<>());
                    return s;
                }
                case "getNimbusConf":
                    return "{}";
                case "submitTopology":
                case "submitTopologyWithOpts":
                    return submit(a);
                default:
                    return defaultValue(method.getReturnType());
            }
        }

        private Object submit(Object[] a) throws Exception {
            if (done.isDone()) {
                throw new AlreadyAliveException("Egret captures one topology per submission");
            }
            SubmitOptions opts = a.length > 4 ? (SubmitOptions) a[4] : null;
            Result r = accept((String) a[0], (String) a[2], (StormTopology) a[3], opts);
            done.complete(r);
            if (holdSubmitter) {
                new CountDownLatch(1).await(); // the JVM exits under us
            }
            if (!r.ok()) {
                throw new org.apache.storm.generated.InvalidTopologyException(r.error());
            }
            return null;
        }
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        } else if (type == int.class) {
            return 0;
        } else if (type == long.class) {
            return 0L;
        } else if (type == double.class) {
            return 0.0;
        } else if (type == void.class || !type.isPrimitive()) {
            return null;
        }
        return 0;
    }
}

package org.egret.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.egret.config.ConfigKey;
import org.egret.config.EgretConfig;

/**
 * Builds the command line of an Egret JVM. The role and topology come first as system
 * properties so that {@code ps} tells an operator which process is which.
 */
public final class JavaCommand {
    public static final List<String> ADD_OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");

    /** Where a distribution keeps the client libraries of HDFS, YARN and Mesos, under {@code lib/}. */
    public static final String CLUSTER_CLIENTS_DIR = "cluster";

    private final String javaHome;
    private final String mainClass;
    private final List<String> jvmOpts = new ArrayList<>();
    private final List<String> classpath = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private Path home;

    private JavaCommand(String javaHome, String mainClass) {
        this.javaHome = javaHome;
        this.mainClass = mainClass;
    }

    public static JavaCommand of(String javaHome, String mainClass) {
        return new JavaCommand(javaHome, mainClass);
    }

    public JavaCommand role(String role, String topology) {
        jvmOpts.add(0, "-Degret.topology=" + topology);
        jvmOpts.add(0, "-Degret.role=" + role);
        return this;
    }

    public JavaCommand heapMb(long mb) {
        jvmOpts.add("-Xmx" + mb + "m");
        return this;
    }

    /**
     * Where the process logs: java.util.logging, configured by {@code conf/logging.properties}, writes
     * one file per process through {@link ProcessLogHandler}. SLF4J, and the log4j APIs bridged to it,
     * end there.
     */
    public JavaCommand logging(Path confDir, Path logFile) {
        jvmOpts.add("-Djava.util.logging.config.file=" + confDir.resolve("logging.properties"));
        jvmOpts.add("-Djava.util.logging.manager=" + ProcessLogManager.class.getName());
        jvmOpts.add("-D" + ProcessLogHandler.FILE_PROPERTY + "=" + logFile);
        return this;
    }

    /**
     * Where the process logs, how far its log may grow before it is rolled over, and how many files it
     * keeps. {@link ProcessLogHandler} reads the keys as system properties of the same names.
     */
    public JavaCommand logging(Path confDir, Path logFile, EgretConfig config) {
        logging(confDir, logFile);
        // only what differs from the keys' defaults: a container's paths are long, and an operator reads
        // these command lines in ps
        for (ConfigKey<?> key : List.of(LogKeys.LOG_MAX_BYTES, LogKeys.LOG_MAX_FILES)) {
            Object value = config.get(key);
            if (!value.equals(key.defaultValue())) {
                jvmOpts.add("-D" + key.name() + "=" + value);
            }
        }
        return this;
    }

    public JavaCommand egretHome(Path home) {
        this.home = home;
        jvmOpts.add("-Degret.home=" + home);
        // The distribution's class-data-sharing archive: a process maps the classes every Egret JVM
        // starts with instead of loading them, which is most of a small JVM's start-up, and the
        // processes of a host share those pages. Only when it was made for this lib/ and this JVM: a
        // JVM that finds it does not match drops the JDK's own archive too.
        ClassDataArchive.usable(home, Path.of(javaHome, "bin", "java"))
                .ifPresent(archive -> jvmOpts.addAll(ClassDataArchive.options(archive)));
        return classpath(home.resolve("lib").toString() + "/*");
    }

    /**
     * Adds the client libraries of HDFS, YARN and Mesos ({@code lib/cluster/}), which only the processes
     * that talk to those clusters need: every jar on a class path costs each JVM its central directory
     * on the heap, since resource scans open them all. They come after {@code lib/*}, so the
     * class-data archive, made for {@code lib/*} alone, still applies.
     */
    public JavaCommand clusterClients() {
        if (home == null) {
            throw new IllegalStateException("clusterClients() needs egretHome() first");
        }
        return classpath(home.resolve("lib").resolve(CLUSTER_CLIENTS_DIR).toString() + "/*");
    }

    /**
     * The cluster clients for a process that fetches or removes the package at {@code packageUri}, unless
     * that is a local file.
     */
    public JavaCommand clusterClientsFor(String packageUri) {
        String scheme = URI.create(packageUri).getScheme();
        return scheme == null || scheme.equals("file") ? this : clusterClients();
    }

    public JavaCommand jvmOpt(String opt) {
        if (!opt.isBlank()) {
            jvmOpts.add(opt);
        }
        return this;
    }

    public JavaCommand jvmOpts(List<String> opts) {
        opts.forEach(this::jvmOpt);
        return this;
    }

    public JavaCommand classpath(String entry) {
        classpath.add(entry);
        return this;
    }

    public JavaCommand args(List<String> more) {
        args.addAll(more);
        return this;
    }

    public List<String> build() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(javaHome, "bin", "java").toString());
        cmd.addAll(jvmOpts);
        if (!classpath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(String.join(":", classpath));
        }
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Splits a JVM options string such as Storm's {@code topology.worker.childopts} on white space. */
    public static List<String> splitOpts(String opts) {
        if (opts == null || opts.isBlank()) {
            return List.of();
        }
        return List.of(opts.trim().split("\\s+"));
    }
}

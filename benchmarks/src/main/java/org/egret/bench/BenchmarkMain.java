package org.egret.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs the same Storm topologies on Egret (the built distribution, local cluster, 2 containers,
 * through {@code bin/egret} with a private state and working directory) and on Apache Storm
 * 2.8.3 LocalCluster (2 workers over Netty, and 1 worker), one run at a time, and prints a table.
 *
 * <p>Throughput is what the last bolt's tasks receive, read from the per-task files every task
 * writes (see {@code Reporter}); CPU and peak RSS come from {@code /proc}; latency is measured by
 * the spout between emit and {@code ack}. Options: see {@link #usage()}.
 */
public final class BenchmarkMain {
    private final Path dist;
    private final Path topologiesJar;
    private final Path root;
    private int warmupSec = 15;
    private int windows = 3;
    private int windowSec = 8;
    private int spouts = 1;
    private int bolts = 2;
    /** Egret's containers (topology.workers). */
    private int containers = 2;
    /** Task counts of the scale curve; null: the side-by-side runs. */
    private List<Integer> scaleSizes;
    /** Egret runs so far: each gets a fresh name. */
    private int egretRuns;

    private List<String> engines = List.of("egret", "storm-2w", "storm-1w");
    private List<String> workloads = List.of("constant", "wordcount");
    private List<String> ackings = List.of("off", "on");
    private final List<String> egretProps = new ArrayList<>();
    private String stormJvmOpts = "-Xmx1536m";
    private boolean keep;

    private BenchmarkMain(Path dist, Path topologiesJar) throws IOException {
        this.root = Files.createTempDirectory("egret-bench-");
        // A private copy: other builds may rewrite dist/target/egret while the benchmark runs.
        this.dist = copy(dist, root.resolve("egret"));
        this.topologiesJar = Files.copy(topologiesJar, root.resolve(topologiesJar.getFileName()));
        prepareClassDataArchive(this.dist);
    }

    /**
     * Makes the copy's class-data archive before anything is timed: an install makes it once, on its
     * first use, and the first submit to first tuple should not count that once.
     */
    private static void prepareClassDataArchive(Path dist) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        dist.resolve("bin/egret-class-data").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("EGRET_HOME", dist.toString());
        try {
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("bin/egret-class-data did not finish in 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the class-data archive", e);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    static String usage() {
        return String.join(
                "\n",
                "usage: run.sh [options]",
                "  --engines egret,storm-2w,storm-1w   which engines (default: all three)",
                "  --workloads constant,wordcount       (default: both)",
                "  --acking off,on                      (default: both)",
                "  --warmup SEC --windows N --window SEC  (default: 15, 3, 8)",
                "  --spouts N --bolts N                 task counts (default: 1, 2)",
                "  --egret-prop key=value               an Egret --config-property (repeatable), e.g.",
                "                                       egret.instance.jvm.opts=-XX:+StartFlightRecording=...",
                "  --storm-jvm-opts '...'               JVM options of the Storm JVM (default: -Xmx1536m)",
                "  --keep                               keep Egret's working directories (logs, JFR files)",
                "  --scale 8,16,32,64                   instead: the scale curve, Egret's WordCount (acking off) at",
                "                                       these task counts, a container per 4 tasks; writes its table",
                "                                       into benchmarks/README.md and its plot to benchmarks/scale-curve.png",
                "  --dist DIR --jar FILE                the distribution and the topologies jar");
    }

    public static void main(String[] args) throws Exception {
        Path dist = Path.of("dist/target/egret");
        Path jar = null;
        Map<String, String> opts = new HashMap<>();
        List<String> props = new ArrayList<>();
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--keep" -> keep = true;
                case "--help", "-h" -> {
                    System.out.println(usage());
                    return;
                }
                case "--egret-prop" -> props.add(args[++i]);
                case "--dist" -> dist = Path.of(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                default -> {
                    if (!a.startsWith("--") || i + 1 >= args.length) {
                        System.err.println("unknown argument " + a + "\n" + usage());
                        System.exit(2);
                    }
                    opts.put(a.substring(2), args[++i]);
                }
            }
        }
        if (jar == null) {
            try (Stream<Path> s = Files.list(Path.of("benchmarks/target"))) {
                jar = s.filter(p -> p.getFileName().toString().endsWith("-topologies.jar"))
                        .findFirst()
                        .orElseThrow(
                                () -> new IllegalStateException("no benchmarks/target/*-topologies.jar: build first"));
            }
        }
        if (!Files.isExecutable(dist.resolve("bin/egret"))) {
            throw new IllegalStateException(dist.toAbsolutePath() + "/bin/egret missing: build the distribution first");
        }
        BenchmarkMain b = new BenchmarkMain(dist.toAbsolutePath(), jar.toAbsolutePath());
        b.keep = keep;
        b.egretProps.addAll(props);
        for (Map.Entry<String, String> e : opts.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "engines" -> b.engines = List.of(v.split(","));
                case "workloads" -> b.workloads = List.of(v.split(","));
                case "acking" -> b.ackings = List.of(v.split(","));
                case "warmup" -> b.warmupSec = Integer.parseInt(v);
                case "windows" -> b.windows = Integer.parseInt(v);
                case "window" -> b.windowSec = Integer.parseInt(v);
                case "spouts" -> b.spouts = Integer.parseInt(v);
                case "bolts" -> b.bolts = Integer.parseInt(v);
                case "scale" ->
                    b.scaleSizes =
                            Stream.of(v.split(",")).map(Integer::parseInt).toList();
                case "storm-jvm-opts" -> b.stormJvmOpts = v;
                default -> {
                    System.err.println("unknown option --" + e.getKey() + "\n" + usage());
                    System.exit(2);
                }
            }
        }
        b.runAll();
    }

    /** A run, with how long its first tuple took to reach the last bolt and how many processes ran then. */
    private record Measured(Report.Run run, double firstTupleSec, int processes) {}

    private void runAll() throws Exception {
        try {
            if (scaleSizes != null) {
                runScale();
            } else {
                runSideBySide();
            }
        } finally {
            if (!keep) {
                delete(root);
            }
        }
    }

    private void runSideBySide() throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        System.out.printf(
                "Egret vs Storm 2.8.3 on %d cores; load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), load);
        System.out.printf(
                "each run: %d s warm-up, then %d windows of %d s; spouts %d, bolts %d; work dir %s%n",
                warmupSec, windows, windowSec, spouts, bolts, root);
        List<Report.Run> runs = new ArrayList<>();
        long started = System.nanoTime();
        for (String workload : workloads) {
            for (String acking : ackings) {
                for (String engine : engines) {
                    Report.Run r;
                    try {
                        r = (engine.equals("egret") ? runEgret(workload, acking) : runStorm(engine, workload, acking))
                                .run();
                    } catch (Exception e) {
                        r = new Report.Run(
                                workload,
                                "on".equals(acking),
                                engine,
                                List.of(),
                                Double.NaN,
                                Report.Memory.NONE,
                                Double.NaN,
                                Double.NaN,
                                0,
                                e.getMessage());
                    }
                    runs.add(r);
                    System.out.println(
                            Report.table(List.of(r)).lines().skip(2).findFirst().orElse(""));
                }
            }
        }
        String end = Files.readString(Path.of("/proc/loadavg")).trim();
        String table = Report.table(runs);
        String header = String.format(
                "%s, %d s total; load average at start %s, at end %s%n%n",
                LocalDateTime.now(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), load, end);
        System.out.println();
        System.out.print(header);
        System.out.println(table);
        Path results = Path.of("benchmarks/target/results.md");
        if (Files.isDirectory(results.getParent())) {
            Files.writeString(results, header + table);
            System.out.println("written to " + results.toAbsolutePath());
        }
    }

    // ---------------------------------------------------------------- Egret

    /** An Egret run; its first tuple is timed from the start of its submit. */
    private Measured runEgret(String workload, String acking) throws Exception {
        // a fresh name (and so working and output directories) for every run of this harness
        String name = "bench-" + workload + "-" + acking + "-"
                + ProcessHandle.current().pid() + "-" + ++egretRuns;
        Path dir = root.resolve(name);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        List<String> base = new ArrayList<>(List.of(
                "--config-property", "egret.statemgr.root=" + dir.resolve("state"),
                "--config-property", "egret.working.dir=" + dir.resolve("topologies"),
                "--config-property", "egret.uploader.local.dir=" + dir.resolve("packages")));
        for (String p : egretProps) {
            base.addAll(List.of("--config-property", p));
        }
        List<String> submit = new ArrayList<>(base);
        submit.addAll(List.of(
                topologiesJar.toString(),
                "org.egret.bench.topology.BenchTopology",
                name,
                workload,
                acking,
                out.toString(),
                Integer.toString(containers),
                Integer.toString(spouts),
                Integer.toString(bolts)));
        System.out.printf("[egret] %s acking %s: submitting %s%n", workload, acking, name);
        long submitted = System.nanoTime();
        egret(dir, "submit", submit);
        try {
            return measure(workload, acking, "egret", out, () -> ProcStats.egretPids(name), submitted);
        } finally {
            try {
                egret(dir, "kill", concat(base, List.of(name)));
            } catch (Exception e) {
                System.out.println("  " + e.getMessage() + "; killing its processes");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ProcStats.egretPids(name).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            ProcStats.egretPids(name).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private void egret(Path dir, String verb, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(dist.resolve("bin/egret").toString(), verb, "local"));
        cmd.addAll(args);
        Path log = dir.resolve("egret-" + verb + ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("egret " + verb + " did not finish in 3 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("egret " + verb + " failed (" + p.exitValue() + "): "
                    + Files.readString(log).strip().lines().reduce((a, b) -> b).orElse(""));
        }
    }

    /**
     * The scale curve: WordCount on Egret, acking off, at each size in {@link #scaleSizes}: a quarter of
     * the tasks spouts, the rest counting bolts, a container per 4 tasks (2 at least).
     */
    private void runScale() throws Exception {
        System.out.printf(
                "Egret's scale curve on %d cores: WordCount at %s tasks; load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(),
                scaleSizes,
                Files.readString(Path.of("/proc/loadavg")).trim());
        List<ScaleCurve.Point> points = new ArrayList<>();
        for (int tasks : scaleSizes) {
            spouts = Math.max(1, tasks / 4);
            bolts = tasks - spouts;
            containers = Math.max(2, tasks / 4);
            System.out.printf(
                    "[scale] %d tasks (%d spouts, %d bolts) in %d containers%n", tasks, spouts, bolts, containers);
            Measured m = runEgret("wordcount", "off");
            ScaleCurve.Point p = new ScaleCurve.Point(
                    tasks,
                    containers,
                    m.firstTupleSec(),
                    m.processes(),
                    m.run().peakRssKb(),
                    m.run().median(),
                    m.run().cpuCores());
            points.add(p);
            System.out.println("  " + ScaleCurve.row(p));
        }
        String table = ScaleCurve.table(points);
        System.out.println();
        System.out.println(table);
        Path readme = Path.of("benchmarks/README.md");
        if (Files.exists(readme)) {
            ScaleCurve.writeInto(readme, table);
            ScaleCurve.plot(points, Path.of("benchmarks/scale-curve.png"));
            System.out.println("written into " + readme.toAbsolutePath() + " and benchmarks/scale-curve.png");
        }
    }

    // ---------------------------------------------------------------- Storm

    /** A Storm run; its first tuple is timed from the start of its JVM. */
    private Measured runStorm(String engine, String workload, String acking) throws Exception {
        int workers = switch (engine) {
            case "storm-2w" -> 2;
            case "storm-1w" -> 1;
            default -> throw new IllegalArgumentException("unknown engine " + engine + " (egret, storm-2w, storm-1w)");
        };
        String name = "bench-" + workload + "-" + acking;
        Path dir = root.resolve(engine + "-" + name);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(stormJvmOpts.trim().split("\\s+")));
        // LocalCluster's in-process Nimbus keeps its blob store under java.io.tmpdir: keep it in our directory
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        cmd.addAll(List.of(
                "-Dstorm.local.dir=" + dir.resolve("storm-local"),
                "-Djava.io.tmpdir=" + tmp,
                "-Dlog4j2.configurationFile=bench-storm-log4j2.xml",
                "-cp",
                System.getProperty("java.class.path"),
                StormRunner.class.getName(),
                name,
                workload,
                acking,
                out.toString(),
                Integer.toString(workers),
                Integer.toString(spouts),
                Integer.toString(bolts)));
        System.out.printf("[%s] %s acking %s: starting Storm LocalCluster%n", engine, workload, acking);
        long started = System.nanoTime();
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("storm.log").toFile())
                .start();
        try {
            long pid = p.pid();
            return measure(workload, acking, engine, out, () -> p.isAlive() ? Set.of(pid) : Set.of(), started);
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    // ---------------------------------------------------------------- measuring

    /** Last complete line of every {@code <prefix>-<task>.txt} in {@code dir}, split on blanks. */
    static Map<String, String[]> snapshot(Path dir, String prefix) throws IOException {
        Map<String, String[]> m = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().startsWith(prefix + "-"))
                    .toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                int end = text.lastIndexOf('\n');
                if (end < 0) {
                    continue;
                }
                int start = text.lastIndexOf('\n', end - 1) + 1;
                m.put(f.getFileName().toString(), text.substring(start, end).split(" ", -1));
            }
        }
        return m;
    }

    /** Tuples/s received by all bolt tasks between two snapshots, each task over its own interval. */
    static double rate(Map<String, String[]> before, Map<String, String[]> after) {
        double sum = 0;
        for (Map.Entry<String, String[]> e : after.entrySet()) {
            String[] b = before.get(e.getKey());
            if (b == null) {
                continue;
            }
            long dt = Long.parseLong(e.getValue()[0]) - Long.parseLong(b[0]);
            if (dt > 0) {
                sum += (Long.parseLong(e.getValue()[1]) - Long.parseLong(b[1])) * 1000.0 / dt;
            }
        }
        return sum;
    }

    static long received(Map<String, String[]> bolts) {
        return bolts.values().stream().mapToLong(v -> Long.parseLong(v[1])).sum();
    }

    /** Measures a started run; {@code startedAtNanos}: when it was started, which its first tuple is timed from. */
    private Measured measure(
            String workload, String acking, String engine, Path out, Supplier<Set<Long>> pids, long startedAtNanos)
            throws Exception {
        ProcStats stats = new ProcStats(pids, engine);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        long t0 = System.nanoTime();
        while (received(snapshot(out, "bolt")) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no tuple reached the last bolt in 180 s");
            }
            stats.sample();
            Thread.sleep(250);
        }
        long firstTupleAt = System.nanoTime();
        int processes = pids.get().size();
        System.out.printf(
                "  first tuples %.1f s after the submit started, %.1f s after it returned (%d processes);"
                        + " warming up %d s%n",
                (firstTupleAt - startedAtNanos) / 1e9, (firstTupleAt - t0) / 1e9, processes, warmupSec);
        sleepSampling(stats, warmupSec);
        stats.startCpu();
        long start = System.nanoTime();
        Map<String, String[]> spoutsBefore = snapshot(out, "spout");
        Map<String, String[]> prev = snapshot(out, "bolt");
        List<Double> rates = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            sleepSampling(stats, windowSec);
            Map<String, String[]> now = snapshot(out, "bolt");
            rates.add(rate(prev, now));
            prev = now;
        }
        stats.sample();
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, String[]> spoutsAfter = snapshot(out, "spout");
        Map<Integer, Long> hist = new HashMap<>();
        long failed = 0;
        for (Map.Entry<String, String[]> e : spoutsAfter.entrySet()) {
            String[] a = e.getValue();
            String[] b = spoutsBefore.get(e.getKey());
            Map<Integer, Long> h = Report.decode(a.length > 4 ? a[4] : "");
            if (b != null) {
                h = Report.minus(h, Report.decode(b.length > 4 ? b[4] : ""));
                failed += Long.parseLong(a[3]) - Long.parseLong(b[3]);
            } else {
                failed += Long.parseLong(a[3]);
            }
            h.forEach((k, v) -> hist.merge(k, v, Long::sum));
        }
        Report.Run r = new Report.Run(
                workload,
                "on".equals(acking),
                engine,
                rates,
                stats.cpuSeconds() / wall,
                stats.peakMemory(),
                Report.percentileMs(hist, 0.50),
                Report.percentileMs(hist, 0.99),
                failed,
                null);
        return new Measured(r, (firstTupleAt - startedAtNanos) / 1e9, processes);
    }

    private static void sleepSampling(ProcStats stats, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            stats.sample();
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Thread.sleep(Math.min(500, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}

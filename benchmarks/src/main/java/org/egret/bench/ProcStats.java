package org.egret.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time and memory of a changing set of processes, from {@code /proc}. CPU is counted from the
 * first sample after {@link #startCpu()} to the last sample, per process, so a process that
 * appears mid-measurement counts from zero and one that vanishes keeps its last value.
 *
 * <p>Memory is sampled two ways. RSS counts every page a process maps, so a sum over processes
 * counts the pages they share (the JVM's code, the class-data archive) once per process. PSS
 * divides each shared page among the processes that map it, so its sum is what the set of
 * processes costs the host; for one process the two are nearly equal. Both are kept as peaks of
 * the sum, in total and per role ({@code -Degret.role=}, or the name given for any other process).
 */
final class ProcStats {
    static final long CLK_TCK = 100; // USER_HZ on Linux/x86-64

    private final Supplier<Set<Long>> pids;
    private final Map<Long, Long> cpuAtStart = new HashMap<>();
    private final Map<Long, Long> cpuLast = new HashMap<>();
    private final Map<Long, String> roles = new HashMap<>();
    private final String otherRole;
    private boolean counting;
    private long peakRssKb;
    private long peakPssKb;
    private final Map<String, Report.Role> peakByRole = new TreeMap<>();
    private int lastProcessCount;

    /** {@code otherRole}: the role of a process whose command line names none. */
    ProcStats(Supplier<Set<Long>> pids, String otherRole) {
        this.pids = pids;
        this.otherRole = otherRole;
    }

    /** Samples every process once: RSS and PSS (sums, for the peaks) and, once counting, CPU ticks. */
    void sample() {
        long rss = 0;
        long pss = 0;
        Map<String, Report.Role> byRole = new HashMap<>();
        Set<Long> now = pids.get();
        lastProcessCount = now.size();
        for (long pid : now) {
            long r = rssKb(pid);
            long p = pssKb(pid);
            rss += r;
            pss += p;
            String role = roles.computeIfAbsent(pid, this::role);
            byRole.merge(role, new Report.Role(1, r, p), Report.Role::plus);
            if (counting) {
                long t = cpuTicks(pid);
                if (t >= 0) {
                    cpuAtStart.putIfAbsent(pid, 0L);
                    cpuLast.put(pid, t);
                }
            }
        }
        peakRssKb = Math.max(peakRssKb, rss);
        peakPssKb = Math.max(peakPssKb, pss);
        byRole.forEach((role, m) -> peakByRole.merge(role, m, Report.Role::max));
    }

    void startCpu() {
        counting = true;
        for (long pid : pids.get()) {
            long t = cpuTicks(pid);
            if (t >= 0) {
                cpuAtStart.put(pid, t);
                cpuLast.put(pid, t);
            }
        }
    }

    /** CPU seconds used since {@link #startCpu()}, up to the last sample. */
    double cpuSeconds() {
        long ticks = 0;
        for (Map.Entry<Long, Long> e : cpuLast.entrySet()) {
            ticks += e.getValue() - cpuAtStart.getOrDefault(e.getKey(), 0L);
        }
        return ticks / (double) CLK_TCK;
    }

    Report.Memory peakMemory() {
        return new Report.Memory(peakRssKb, peakPssKb, new TreeMap<>(peakByRole));
    }

    int processCount() {
        return lastProcessCount;
    }

    /** utime + stime of a process in clock ticks, or -1 if it is gone. */
    static long cpuTicks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long rssKb(long pid) {
        try {
            for (String line :
                    Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    /** Proportional set size: this process's share of every page it maps; 0 if it is gone. */
    static long pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(
                    Path.of("/proc", Long.toString(pid), "smaps_rollup"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    private String role(long pid) {
        for (String arg : commandLine(pid)) {
            if (arg.startsWith(ROLE_PROPERTY)) {
                return arg.substring(ROLE_PROPERTY.length());
            }
        }
        return otherRole;
    }

    private static final String ROLE_PROPERTY = "-Degret.role=";

    private static List<String> commandLine(long pid) {
        try {
            byte[] cmd = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return List.of(new String(cmd, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Processes whose command line has the argument {@code -Degret.topology=<topology>}. */
    static Set<Long> egretPids(String topology) {
        String marker = "-Degret.topology=" + topology;
        Set<Long> out = new HashSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String n = p.getFileName().toString();
                if (n.isEmpty() || !Character.isDigit(n.charAt(0))) {
                    continue;
                }
                long pid = Long.parseLong(n);
                if (commandLine(pid).contains(marker)) { // empty once the process has exited
                    out.add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return out;
    }
}

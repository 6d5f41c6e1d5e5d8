package org.egret.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.egret.bench.topology.LatencyHistogram;

/** Results of the benchmark runs, and the table the harness prints. */
final class Report {
    private Report() {}

    /** One run: a workload with acking on or off on one engine configuration. */
    record Run(
            String workload,
            boolean acking,
            String engine,
            List<Double> windows,
            double cpuCores,
            Memory memory,
            double p50Ms,
            double p99Ms,
            long failed,
            String error) {
        long peakRssKb() {
            return memory.rssKb();
        }

        long peakPssKb() {
            return memory.pssKb();
        }

        double median() {
            return Report.median(windows);
        }

        double perCore() {
            return cpuCores > 0 ? median() / cpuCores : Double.NaN;
        }

        boolean ok() {
            return error == null && !windows.isEmpty();
        }
    }

    /** Peak memory of a run's processes: sums of RSS and of PSS, and per role. */
    record Memory(long rssKb, long pssKb, Map<String, Role> roles) {
        static final Memory NONE = new Memory(0, 0, Map.of());
    }

    /** The processes of one role at their peak: how many, and their summed RSS and PSS. */
    record Role(int processes, long rssKb, long pssKb) {
        Role plus(Role o) {
            return new Role(processes + o.processes, rssKb + o.rssKb, pssKb + o.pssKb);
        }

        /** The larger of two samples of the same role, by PSS. */
        Role max(Role o) {
            return o.pssKb > pssKb ? o : this;
        }
    }

    /** The order the by-role table lists Egret's roles in; others follow by name. */
    private static final List<String> ROLE_ORDER = List.of("scheduler", "executor", "tmaster", "stmgr", "instance");

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Parses {@code index:count,...} as written by {@link LatencyHistogram#encode()}. */
    static Map<Integer, Long> decode(String encoded) {
        Map<Integer, Long> m = new TreeMap<>();
        if (encoded == null || encoded.isBlank()) {
            return m;
        }
        for (String part : encoded.trim().split(",")) {
            int c = part.indexOf(':');
            m.merge(Integer.parseInt(part.substring(0, c)), Long.parseLong(part.substring(c + 1)), Long::sum);
        }
        return m;
    }

    /** {@code after - before}, bucket by bucket (cumulative snapshots of one histogram). */
    static Map<Integer, Long> minus(Map<Integer, Long> after, Map<Integer, Long> before) {
        Map<Integer, Long> m = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                m.put(k, d);
            }
        });
        return m;
    }

    /** The q-quantile (0..1) in milliseconds of a bucketed histogram, or NaN when it is empty. */
    static double percentileMs(Map<Integer, Long> histogram, double q) {
        long total = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : new TreeMap<>(histogram).entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return LatencyHistogram.midpoint(e.getKey()) / 1000.0;
            }
        }
        throw new IllegalStateException();
    }

    static String rate(double r) {
        if (Double.isNaN(r)) {
            return "-";
        }
        return r >= 1e6 ? String.format(Locale.ROOT, "%.2f M", r / 1e6) : String.format(Locale.ROOT, "%.0f k", r / 1e3);
    }

    static String num(double v, String fmt) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, fmt, v);
    }

    /** A Markdown table of every run, then the Egret/Storm ratios per workload. */
    static String table(List<Run> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | acking | engine | tuples/s (median) | windows | CPU cores | tuples/s per core"
                + " | p50 ms | p99 ms | peak RSS MB | peak PSS MB | failed |\n");
        sb.append("|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Run r : runs) {
            String windows = r.windows().stream()
                    .map(Report::rate)
                    .map(s -> s.replace(" ", ""))
                    .reduce((a, b) -> a + " " + b)
                    .orElse("-");
            sb.append("| ")
                    .append(r.workload())
                    .append(" | ")
                    .append(r.acking() ? "on" : "off")
                    .append(" | ")
                    .append(r.engine())
                    .append(" | ");
            if (!r.ok()) {
                sb.append("FAILED: ")
                        .append(r.error() == null ? "no windows" : r.error())
                        .append(" | | | | | | | | |\n");
                continue;
            }
            sb.append(rate(r.median()))
                    .append(" | ")
                    .append(windows)
                    .append(" | ")
                    .append(num(r.cpuCores(), "%.2f"))
                    .append(" | ")
                    .append(rate(r.perCore()))
                    .append(" | ")
                    .append(r.acking() ? num(r.p50Ms(), "%.2f") : "-")
                    .append(" | ")
                    .append(r.acking() ? num(r.p99Ms(), "%.2f") : "-")
                    .append(" | ")
                    .append(r.peakRssKb() / 1024)
                    .append(" | ")
                    .append(r.peakPssKb() / 1024)
                    .append(" | ")
                    .append(r.acking() ? Long.toString(r.failed()) : "-")
                    .append(" |\n");
        }
        Map<String, List<Run>> byCase = new LinkedHashMap<>();
        for (Run r : runs) {
            byCase.computeIfAbsent(r.workload() + " | " + (r.acking() ? "on" : "off"), k -> new ArrayList<>())
                    .add(r);
        }
        StringBuilder ratios = new StringBuilder();
        for (Map.Entry<String, List<Run>> e : byCase.entrySet()) {
            Run egret = e.getValue().stream()
                    .filter(r -> r.engine().startsWith("egret") && r.ok())
                    .findFirst()
                    .orElse(null);
            if (egret == null) {
                continue;
            }
            for (Run storm : e.getValue()) {
                if (!storm.engine().startsWith("storm") || !storm.ok()) {
                    continue;
                }
                ratios.append("| ")
                        .append(e.getKey())
                        .append(" | egret / ")
                        .append(storm.engine())
                        .append(" | ")
                        .append(num(egret.median() / storm.median(), "%.2f"))
                        .append(" | ")
                        .append(num(egret.perCore() / storm.perCore(), "%.2f"))
                        .append(" | ")
                        .append(egret.acking() ? num(egret.p99Ms() / storm.p99Ms(), "%.2f") : "-")
                        .append(" | ")
                        .append(num((double) egret.peakRssKb() / storm.peakRssKb(), "%.2f"))
                        .append(" | ")
                        .append(num((double) egret.peakPssKb() / storm.peakPssKb(), "%.2f"))
                        .append(" |\n");
            }
        }
        if (ratios.length() > 0) {
            sb.append(
                    "\n| workload | acking | ratio | tuples/s | tuples/s per core | p99 latency | peak RSS | peak PSS |\n");
            sb.append("|---|---|---|---:|---:|---:|---:|---:|\n").append(ratios);
        }
        sb.append(rolesTable(runs));
        return sb.toString();
    }

    /** Peak PSS per role of the runs that have more than one role: MB, and processes in brackets. */
    static String rolesTable(List<Run> runs) {
        List<Run> split = runs.stream()
                .filter(r -> r.ok() && r.memory().roles().size() > 1)
                .toList();
        if (split.isEmpty()) {
            return "";
        }
        List<String> roles = new ArrayList<>(ROLE_ORDER);
        split.forEach(r -> r.memory().roles().keySet().stream()
                .sorted()
                .filter(k -> !roles.contains(k))
                .forEach(roles::add));
        roles.removeIf(k -> split.stream().noneMatch(r -> r.memory().roles().containsKey(k)));
        StringBuilder sb = new StringBuilder("\n| workload | acking | engine | ");
        sb.append(String.join(" | ", roles))
                .append(" |\n|---|---|---|")
                .append("---:|".repeat(roles.size()))
                .append('\n');
        for (Run r : split) {
            sb.append("| ")
                    .append(r.workload())
                    .append(" | ")
                    .append(r.acking() ? "on" : "off")
                    .append(" | ")
                    .append(r.engine())
                    .append(" |");
            for (String k : roles) {
                Role m = r.memory().roles().get(k);
                sb.append(m == null ? " - |" : " " + m.pssKb() / 1024 + " (" + m.processes() + ") |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static List<Double> list(double... v) {
        return Arrays.stream(v).boxed().toList();
    }
}

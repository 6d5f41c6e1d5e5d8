package org.egret.cli;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.egret.proto.Topology;
import org.egret.scheduler.local.LocalScheduler;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;

/**
 * Live progress of a local topology, read from its Metrics Managers' file sinks: tuples per second
 * per component, and the top entries of any map metric named {@code top-*} (WordCount's top words).
 */
final class WatchCommand {
    private static final long TICK_MS = 2000;

    private final CliContext ctx;
    private final Map<Path, Long> offsets = new HashMap<>();
    private final Map<String, Double> executed = new TreeMap<>();
    private final Map<String, Double> emitted = new TreeMap<>();
    private final Map<String, Map<String, Double>> tops = new TreeMap<>();

    WatchCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    int run(String name, int seconds) throws Exception {
        Path dir = LocalScheduler.topologyDir(ctx.config(), name);
        long start = System.currentTimeMillis();
        long end = seconds > 0 ? start + seconds * 1000L : Long.MAX_VALUE;
        Map<String, Double> lastExec = new TreeMap<>();
        Map<String, Double> lastEmit = new TreeMap<>();
        long last = start;
        try (StateManager state = StateManagers.open(ctx.config())) {
            while (System.currentTimeMillis() < end) {
                Thread.sleep(Math.min(TICK_MS, Math.max(1, end - System.currentTimeMillis())));
                if (state.get(StateKind.TOPOLOGIES, name, Topology.parser()).isEmpty()) {
                    ctx.say("Topology '" + name + "' is gone");
                    return 0;
                }
                readNew(dir);
                long now = System.currentTimeMillis();
                double secs = (now - last) / 1000.0;
                StringBuilder line = new StringBuilder(String.format("[%4ds]", (now - start) / 1000));
                if (emitted.isEmpty() && executed.isEmpty()) {
                    line.append("  waiting for the first metrics from ").append(dir);
                }
                for (String component : union(emitted, executed)) {
                    double em = emitted.getOrDefault(component, 0.0) - lastEmit.getOrDefault(component, 0.0);
                    double ex = executed.getOrDefault(component, 0.0) - lastExec.getOrDefault(component, 0.0);
                    line.append(String.format("  %s %s/s", component, human(Math.max(em, ex) / secs)));
                }
                for (Map.Entry<String, Map<String, Double>> top : tops.entrySet()) {
                    line.append("  | ")
                            .append(top.getKey())
                            .append(": ")
                            .append(top.getValue().entrySet().stream()
                                    .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                                    .limit(5)
                                    .map(e -> e.getKey() + "=" + Math.round(e.getValue()))
                                    .collect(Collectors.joining(" ")));
                }
                ctx.say(line.toString());
                lastExec.putAll(executed);
                lastEmit.putAll(emitted);
                last = now;
            }
        }
        return 0;
    }

    private static SortedSet<String> union(Map<String, Double> a, Map<String, Double> b) {
        SortedSet<String> s = new TreeSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    private static String human(double rate) {
        if (rate >= 1e6) {
            return String.format("%.2fM", rate / 1e6);
        }
        if (rate >= 1e3) {
            return String.format("%.1fk", rate / 1e3);
        }
        return String.format("%.0f", rate);
    }

    private void readNew(Path topologyDir) throws IOException {
        if (!Files.isDirectory(topologyDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(topologyDir)) {
            for (Path container : s.toList()) {
                Path file = container.resolve("metrics").resolve("metrics.jsonl");
                if (Files.exists(file)) {
                    readFile(file);
                }
            }
        }
    }

    private void readFile(Path file) throws IOException {
        long offset = offsets.getOrDefault(file, 0L);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() < offset) {
                offset = 0;
            }
            raf.seek(offset);
            byte[] buf = new byte[(int) Math.min(Integer.MAX_VALUE - 8, raf.length() - offset)];
            raf.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline < 0) {
                return;
            }
            for (String line : text.substring(0, lastNewline).split("\n")) {
                if (!line.isBlank()) {
                    accept(line);
                }
            }
            offsets.put(file, offset + text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private void accept(String json) {
        Struct.Builder b = Struct.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json, b);
        } catch (IOException e) {
            return;
        }
        Map<String, Value> f = b.getFieldsMap();
        String component = f.containsKey("component") ? f.get("component").getStringValue() : "";
        if (component.isEmpty() || component.startsWith("__")) {
            return;
        }
        Value metrics = f.get("metrics");
        if (metrics == null || !metrics.hasStructValue()) {
            return;
        }
        for (Map.Entry<String, Value> m :
                metrics.getStructValue().getFieldsMap().entrySet()) {
            String key = m.getKey();
            Value v = m.getValue();
            if (key.equals("executed") && v.hasNumberValue()) {
                executed.merge(component, v.getNumberValue(), Double::sum);
            } else if (key.equals("emitted") && v.hasNumberValue()) {
                emitted.merge(component, v.getNumberValue(), Double::sum);
            } else if (key.startsWith("top-") && v.hasStructValue()) {
                Map<String, Double> top = tops.computeIfAbsent(key, k -> new HashMap<>());
                v.getStructValue().getFieldsMap().forEach((word, count) -> {
                    if (count.hasNumberValue()) {
                        top.put(word, count.getNumberValue());
                    }
                });
            }
        }
    }
}

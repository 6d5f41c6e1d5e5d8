package org.egret.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What the verification topologies' RecorderBolts wrote: one line per received tuple. */
record Recorded(
        int task, String component, String sourceComponent, int sourceTask, String stream, long id, String key) {

    static List<Recorded> read(Path dir) {
        List<Recorded> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".txt")).toList()) {
                String name = f.getFileName().toString();
                String component = name.substring(0, name.lastIndexOf('-'));
                for (String line : Files.readAllLines(f)) {
                    String[] p = line.split(" ");
                    if (p.length == 6) {
                        out.add(new Recorded(
                                Integer.parseInt(p[0]),
                                component,
                                p[1],
                                Integer.parseInt(p[2]),
                                p[3],
                                Long.parseLong(p[4]),
                                p[5]));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Map<String, List<Recorded>> byComponent(List<Recorded> all) {
        return all.stream().collect(Collectors.groupingBy(Recorded::component, TreeMap::new, Collectors.toList()));
    }

    /** task id -> container, read from the instance log file names the executors created. */
    static Map<Integer, Integer> containersOfTasks(Path topologyDir) {
        Map<Integer, Integer> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(topologyDir)) {
            s.map(p -> topologyDir.relativize(p).toString())
                    .filter(p -> p.matches("container-\\d+/logs/instance-\\d+-.*\\.log"))
                    .forEach(p -> {
                        int container = Integer.parseInt(p.substring("container-".length(), p.indexOf('/')));
                        String file = p.substring(p.lastIndexOf('/') + 1);
                        int task = Integer.parseInt(file.split("-")[1]);
                        out.put(task, container);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}

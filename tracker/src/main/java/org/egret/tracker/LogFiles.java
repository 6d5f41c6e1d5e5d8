package org.egret.tracker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Read-only access to the process logs of the local cluster (on YARN they are the NodeManagers' and
 * the Tracker links to those instead, see {@link #render}):
 * {@code <egret.working.dir>/<topology>/container-<n>/logs/<file>.log}. Names are checked against
 * a strict pattern and the resolved real path must stay inside that logs directory, so neither
 * {@code ..} nor a symbolic link can reach other files.
 */
final class LogFiles {
    /** A log or captured output, live or rolled over ({@code stmgr-1.log.2}). */
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.(log|out)(\\.\\d{1,4})?");

    private static final Pattern CONTAINER = Pattern.compile("container-(\\d{1,6})");
    private final Path workingDir;

    LogFiles(Path workingDir) {
        this.workingDir = workingDir.toAbsolutePath().normalize();
    }

    /** Container id -> log file names. */
    Map<Integer, List<String>> list(String topology) {
        Map<Integer, List<String>> out = new TreeMap<>();
        Path dir = workingDir.resolve(Params.name("topology", topology));
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> containers = Files.list(dir)) {
            for (Path c : containers.toList()) {
                Matcher m = CONTAINER.matcher(c.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(c.resolve("logs"))) {
                    continue;
                }
                try (Stream<Path> logs = Files.list(c.resolve("logs"))) {
                    out.put(
                            Integer.parseInt(m.group(1)),
                            logs.map(p -> p.getFileName().toString())
                                    .filter(n -> FILE.matcher(n).matches())
                                    .sorted()
                                    .toList());
                }
            }
        } catch (IOException e) {
            // A topology killed while listing: report what was seen.
        }
        return out;
    }

    /** The last {@code maxBytes} of the file (from a line start). */
    String tail(String topology, String container, String file, long maxBytes) {
        if (!container.matches("\\d{1,6}")) {
            throw ApiException.badRequest("container must be a number");
        }
        if (!FILE.matcher(file).matches()) {
            throw ApiException.badRequest("invalid log file name");
        }
        Path logs = workingDir
                .resolve(Params.name("topology", topology))
                .resolve("container-" + Integer.parseInt(container))
                .resolve("logs");
        Path f = logs.resolve(file);
        try {
            Path real = f.toRealPath();
            if (!real.startsWith(logs.toRealPath()) || !Files.isRegularFile(real)) {
                throw ApiException.notFound("no such log");
            }
            try (RandomAccessFile raf = new RandomAccessFile(real.toFile(), "r")) {
                long len = raf.length();
                // One byte more than asked, so a cut that lands on a line start keeps that line.
                long start = Math.max(0, len - maxBytes - 1);
                raf.seek(start);
                byte[] buf = new byte[(int) (len - start)];
                raf.readFully(buf);
                String text = new String(buf, StandardCharsets.UTF_8);
                if (start > 0) {
                    int nl = text.indexOf('\n');
                    text = nl < 0 ? text : text.substring(nl + 1);
                }
                return text;
            }
        } catch (IOException e) {
            throw ApiException.notFound("no such log");
        }
    }

    /**
     * One entry per container that has log files here or a page elsewhere ({@code links}: where the
     * cluster serves its logs, e.g. the YARN NodeManager's page of the container).
     */
    static List<Object> render(Map<Integer, List<String>> files, Map<Integer, String> links) {
        Map<Integer, Map<String, Object>> byContainer = new TreeMap<>();
        files.forEach((c, names) -> entry(byContainer, c).put("files", names));
        links.forEach((c, url) -> entry(byContainer, c).put("url", url));
        return new ArrayList<>(byContainer.values());
    }

    private static Map<String, Object> entry(Map<Integer, Map<String, Object>> byContainer, int c) {
        return byContainer.computeIfAbsent(c, k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("container", k);
            m.put("files", List.of());
            return m;
        });
    }
}

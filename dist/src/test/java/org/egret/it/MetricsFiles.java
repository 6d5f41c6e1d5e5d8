package org.egret.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the metrics managers' file sinks wrote: each container's {@code metrics/metrics.jsonl}. */
final class MetricsFiles {
    private MetricsFiles() {}

    /**
     * Sums one counter of one component over containers 1..{@code containers} of {@code topology};
     * -1 while a file is being appended to (read it again).
     */
    static long counterTotal(LocalCluster cluster, String topology, int containers, String component, String metric) {
        Pattern p = Pattern.compile("\"" + Pattern.quote(metric) + "\":(\\d+)");
        long sum = 0;
        for (int c = 1; c <= containers; c++) {
            Path f = cluster.containerDir(topology, c).resolve("metrics/metrics.jsonl");
            if (!Files.exists(f)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(f)) {
                    if (line.contains("\"component\":\"" + component + "\"")) {
                        Matcher m = p.matcher(line);
                        if (m.find()) {
                            sum += Long.parseLong(m.group(1));
                        }
                    }
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return sum;
    }
}

package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.egret.examples.verify.DiamondTopology;
import org.junit.jupiter.api.Test;

/** Two spouts feeding a diamond of bolts: every tuple reaches the join once per path. */
class DiamondIT {
    private static final int N = 1000;

    @Test
    void everyTupleTakesBothPaths() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            Path out = cluster.root.resolve("recorded");
            cluster.submitOk(DiamondTopology.class.getName(), "diamond", out.toString(), Integer.toString(N));
            // left and right see 2N each (both spouts); join sees 4N (both spouts through both paths)
            LocalCluster.waitFor(
                    "the diamond's tuples",
                    Duration.ofSeconds(120),
                    () -> Recorded.read(out).size() >= 8 * N);
            Map<String, List<Recorded>> got = Recorded.byComponent(Recorded.read(out));
            assertEquals(2 * N, got.get("left").size());
            assertEquals(2 * N, got.get("right").size());
            List<Recorded> join = got.get("join");
            assertEquals(4 * N, join.size());
            assertEquals(
                    2 * N,
                    join.stream()
                            .filter(r -> r.sourceComponent().equals("left"))
                            .count());
            assertEquals(
                    2 * N,
                    join.stream()
                            .filter(r -> r.sourceComponent().equals("right"))
                            .count());
            Map<String, Set<Integer>> tasksPerKey = join.stream()
                    .collect(Collectors.groupingBy(
                            Recorded::key, Collectors.mapping(Recorded::task, Collectors.toSet())));
            tasksPerKey.forEach((k, t) -> assertEquals(1, t.size(), "join key " + k + " went to " + t));
            cluster.kill("diamond");
        }
    }
}

package org.egret.it;

import java.nio.file.Path;
import org.egret.examples.verify.ReliableTopology;
import org.junit.jupiter.api.Test;

/**
 * Storm's at-least-once contract across 2 containers: a bolt fails 1% of ids on first sight; in the
 * end the spout has seen ack for every id exactly once, and the sink has every id.
 */
class AtLeastOnceIT {
    private static final int N = 100_000;

    @Test
    void everyIdIsAckedOnceAndReachesTheSink() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            Path out = cluster.root.resolve("reliable");
            cluster.submitOk(ReliableTopology.class.getName(), "alo", out.toString(), Integer.toString(N));
            new ReliableRun(out).assertEveryIdAckedOnce(cluster, "alo", N);
            cluster.kill("alo");
        }
    }
}

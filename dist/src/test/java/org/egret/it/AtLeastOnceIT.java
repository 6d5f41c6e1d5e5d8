package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
      ReliableRun run = new ReliableRun(out);
      try {
        LocalCluster.waitFor("every id acked", Duration.ofSeconds(180), () -> run.score().acked() >= N);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + ": " + run.score() + "\n" + cluster.logs("alo"), e);
      }
      ReliableRun.Score s = run.score();
      assertEquals(N, s.acked());
      assertEquals(0, s.dups(), "ack called twice for an id: " + s);
      assertTrue(s.fails() >= N / 100 / 2, "the flaky bolt's fails reached the spout: " + s);
      assertEquals(N + s.fails(), s.emitted(), "every fail replayed once: " + s);
      Map<Long, Integer> sink = run.sinkCounts();
      assertEquals(java.util.List.of(), ReliableRun.missing(sink, N));
      cluster.kill("alo");
    }
  }
}

package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.egret.examples.verify.PoisonTopology;
import org.junit.jupiter.api.Test;

/**
 * Tuples a bolt cannot deserialize (their registered Kryo serializer throws), with acking on: the
 * bolt's instances keep running, count them, report them where reported errors go (the Topology
 * Master, read through the Tracker), and fail their trees, so the spout sees each poison id fail and
 * replays it; every id is acked exactly once and reaches the sink.
 */
class PoisonTupleIT {
    private static final String NAME = "poison";
    private static final int N = 1000;
    private static final int EVERY = 50;

    @Test
    void poisonTuplesAreCountedReportedAndFailedWhileTheBoltRunsOn() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            Path out = cluster.root.resolve("poison");
            cluster.submitOk(
                    PoisonTopology.class.getName(), NAME, out.toString(), Integer.toString(N), Integer.toString(EVERY));
            Process tracker = startTracker(cluster); // its JVM starts while the topology runs
            try {
                check(cluster, out);
            } finally {
                tracker.destroy();
                if (!tracker.waitFor(10, TimeUnit.SECONDS)) {
                    tracker.destroyForcibly();
                }
            }
            cluster.kill(NAME);
        }
    }

    private static void check(LocalCluster cluster, Path out) throws Exception {
        LocalCluster.waitFor(
                "the three instances",
                Duration.ofSeconds(60),
                () -> cluster.pids(NAME, "instance").size() == 3);
        Set<Long> instances = cluster.pids(NAME, "instance");

        ReliableRun run = new ReliableRun(out);
        ReliableRun.Score s = run.assertEveryIdAckedOnce(cluster, NAME, N);
        Set<Long> poison = new HashSet<>();
        for (long id = EVERY; id <= N; id += EVERY) {
            poison.add(id);
        }
        assertTrue(run.replayed().containsAll(poison), "the spout saw every poison id fail: " + run.replayed());
        assertTrue(s.fails() >= poison.size(), s.toString());

        // the same instance processes throughout: no restart, one sink file (named by pid) per sink task
        assertEquals(instances, cluster.pids(NAME, "instance"), "no instance was restarted");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(
                    2,
                    files.filter(p -> p.getFileName().toString().startsWith("sink-"))
                            .count());
        }
        assertEquals(List.of(), linesWith(cluster, "restarting in"), "no restart in any log");

        LocalCluster.waitFor(
                "the sinks' poison count in the metrics",
                Duration.ofSeconds(30),
                () -> fileSinkTotal(cluster, "sink", "deserialize-failures") >= poison.size());
        assertEquals(poison.size(), fileSinkTotal(cluster, "sink", "deserialize-failures"));

        String exceptions = trackerExceptions(cluster);
        assertTrue(
                exceptions.contains("PoisonTupleException")
                        && exceptions.contains("(ids) on stream default")
                        && exceptions.contains("a poisoned value"),
                exceptions);
    }

    private static Process startTracker(LocalCluster cluster) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                cluster.dist.resolve("bin/egret-tracker").toString(),
                "--cluster",
                "local",
                "--port",
                "0",
                "--port-file",
                cluster.root.resolve("tracker.port").toString()));
        cmd.addAll(cluster.baseArgs());
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(cluster.root.resolve("tracker.out").toFile())
                .start();
    }

    /** Lines containing {@code text} in any log of the topology's processes. */
    private static List<String> linesWith(LocalCluster cluster, String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(cluster.workingDir.resolve(NAME))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.readAllLines(f).stream().filter(l -> l.contains(text)).forEach(found::add);
            }
        }
        return found;
    }

    /** Sums one counter of one component over both containers' metrics.jsonl. */
    private static long fileSinkTotal(LocalCluster cluster, String component, String metric) {
        return MetricsFiles.counterTotal(cluster, NAME, 2, component, metric);
    }

    /** The sink's exceptions as the Tracker serves them from the Topology Master, once it has some. */
    private static String trackerExceptions(LocalCluster cluster) throws Exception {
        Path portFile = cluster.root.resolve("tracker.port");
        LocalCluster.waitFor("the tracker's port", Duration.ofSeconds(30), () -> Files.exists(portFile));
        URI uri = URI.create("http://127.0.0.1:" + Files.readString(portFile).strip() + "/api/topologies/" + NAME
                + "/exceptions?component=sink");
        HttpClient http = HttpClient.newHttpClient();
        String[] body = {""};
        LocalCluster.waitFor("the poison tuples' exceptions at the Topology Master", Duration.ofSeconds(30), () -> {
            try {
                HttpResponse<String> r =
                        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                body[0] = r.body();
                return r.statusCode() == 200 && body[0].contains("PoisonTupleException");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return body[0];
    }
}

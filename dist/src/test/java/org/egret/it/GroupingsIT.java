package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.egret.examples.verify.GroupingsTopology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every Storm grouping's semantics across 2 containers: one topology, one recording bolt per
 * grouping, all fed by the same 2-task spout (ids 0..N-1, key "k" + id % 10).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupingsIT {
    private static final int N = 2000;
    private LocalCluster cluster;
    private Map<String, List<Recorded>> got;
    private Map<Integer, Integer> containerOf;

    @BeforeAll
    void runTopology() throws Exception {
        cluster = new LocalCluster();
        Path out = cluster.root.resolve("recorded");
        cluster.submitOk(GroupingsTopology.class.getName(), "groupings", out.toString(), Integer.toString(N));
        // shuffle, fields, global, none, direct, local, partial, custom get N each; all gets 2N
        try {
            LocalCluster.waitFor(
                    "every grouping's tuples",
                    Duration.ofSeconds(120),
                    () -> Recorded.read(out).size() >= 10 * N);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + ": got " + Recorded.read(out).size() + "\n" + cluster.logs("groupings"), e);
        }
        got = Recorded.byComponent(Recorded.read(out));
        containerOf = Recorded.containersOfTasks(cluster.workingDir.resolve("groupings"));
        assertEquals(2, new HashSet<>(containerOf.values()).size(), "2 containers: " + containerOf);
    }

    @AfterAll
    void stop() throws Exception {
        cluster.kill("groupings");
        assertTrue(cluster.roles("groupings").isEmpty() || waitGone());
        cluster.close();
    }

    private boolean waitGone() throws InterruptedException {
        LocalCluster.waitFor(
                "processes gone",
                Duration.ofSeconds(30),
                () -> cluster.roles("groupings").isEmpty());
        return true;
    }

    private static Set<Long> allIds() {
        return LongStream.range(0, N).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    private static void eachIdOnce(List<Recorded> rs) {
        assertEquals(N, rs.size());
        assertEquals(allIds(), rs.stream().map(Recorded::id).collect(Collectors.toCollection(TreeSet::new)));
    }

    private List<Integer> tasksOf(String component) {
        return got.get(component).stream()
                .map(Recorded::task)
                .distinct()
                .sorted()
                .toList();
    }

    @Test
    void shuffleGivesEveryTaskAShare() {
        List<Recorded> rs = got.get("shuffle");
        eachIdOnce(rs);
        Map<Integer, Long> perTask = rs.stream().collect(Collectors.groupingBy(Recorded::task, Collectors.counting()));
        assertEquals(3, perTask.size(), perTask.toString());
        perTask.values().forEach(n -> assertTrue(n > N / 10, "uneven shuffle " + perTask));
    }

    @Test
    void fieldsSendsEachKeyToOneTask() {
        List<Recorded> rs = got.get("fields");
        eachIdOnce(rs);
        Map<String, Set<Integer>> tasksPerKey = rs.stream()
                .collect(Collectors.groupingBy(Recorded::key, Collectors.mapping(Recorded::task, Collectors.toSet())));
        assertEquals(10, tasksPerKey.size());
        tasksPerKey.forEach((k, t) -> assertEquals(1, t.size(), k + " went to " + t));
    }

    @Test
    void allSendsEveryTupleToEveryTask() {
        Map<Integer, Set<Long>> perTask = got.get("all").stream()
                .collect(Collectors.groupingBy(
                        Recorded::task, TreeMap::new, Collectors.mapping(Recorded::id, Collectors.toSet())));
        assertEquals(2, perTask.size());
        perTask.values().forEach(ids -> assertEquals(allIds(), new TreeSet<>(ids)));
    }

    @Test
    void globalSendsEverythingToTheLowestTask() {
        List<Recorded> rs = got.get("global");
        eachIdOnce(rs);
        Set<Integer> tasks = rs.stream().map(Recorded::task).collect(Collectors.toSet());
        assertEquals(1, tasks.size(), tasks.toString());
        int lowest = containerOf.keySet().stream()
                .filter(t -> cluster.containerDir("groupings", containerOf.get(t))
                        .resolve("logs/instance-" + t + "-global.log")
                        .toFile()
                        .exists())
                .min(Integer::compare)
                .orElseThrow();
        assertEquals(lowest, tasks.iterator().next());
    }

    @Test
    void noneDeliversEachTupleOnce() {
        eachIdOnce(got.get("none"));
    }

    @Test
    void directDeliversToTheChosenTask() {
        List<Recorded> rs = got.get("direct");
        eachIdOnce(rs);
        List<Integer> targets = containerOf.keySet().stream()
                .filter(t -> cluster.containerDir("groupings", containerOf.get(t))
                        .resolve("logs/instance-" + t + "-direct.log")
                        .toFile()
                        .exists())
                .sorted()
                .toList();
        assertEquals(3, targets.size());
        for (Recorded r : rs) {
            assertEquals("direct", r.stream());
            assertEquals(targets.get((int) (r.id() % 3)), r.task(), "id " + r.id());
        }
    }

    @Test
    void localOrShuffleStaysInTheContainer() {
        List<Recorded> rs = got.get("local");
        eachIdOnce(rs);
        for (Recorded r : rs) {
            assertEquals(
                    containerOf.get(r.sourceTask()),
                    containerOf.get(r.task()),
                    "tuple " + r.id() + " from task " + r.sourceTask() + " crossed containers to task " + r.task());
        }
    }

    @Test
    void partialKeyUsesAtMostTwoTasksPerKey() {
        List<Recorded> rs = got.get("partial");
        eachIdOnce(rs);
        Map<String, Set<Integer>> tasksPerKey = rs.stream()
                .collect(Collectors.groupingBy(Recorded::key, Collectors.mapping(Recorded::task, Collectors.toSet())));
        tasksPerKey.forEach((k, t) -> assertTrue(t.size() <= 2, k + " went to " + t));
    }

    @Test
    void customGroupingChoosesByParity() {
        List<Recorded> rs = got.get("custom");
        eachIdOnce(rs);
        List<Integer> tasks = tasksOf("custom");
        assertEquals(2, tasks.size());
        for (Recorded r : rs) {
            assertEquals(r.id() % 2 == 0 ? tasks.get(0) : tasks.get(1), r.task(), "id " + r.id());
        }
    }
}

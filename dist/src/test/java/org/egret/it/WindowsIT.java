package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.egret.examples.verify.WindowsTopology;
import org.junit.jupiter.api.Test;

/**
 * Every kind of Storm window, and a stateful bolt, in one run of {@link WindowsTopology} on two
 * containers. Count and event-time windows are compared with their exact expected contents;
 * processing-time windows, whose boundaries depend on the clock, with what holds whatever the
 * clock: tumbling windows are consecutive runs of the id sequence that together hold every id
 * once, sliding windows are runs of it, each id is new in exactly one, and each window is the
 * previous one minus what it reports expired plus what it reports new. Late tuples of the
 * event-time bolts arrive exactly on the late-tuple stream; every reliable id is acked once; the
 * stateful bolt commits exact sums with no Kryo registration of its own.
 */
class WindowsIT {
    private static final String NAME = "windows";
    private static final int ALL = WindowsTopology.IDS + WindowsTopology.FILLERS;

    /** A window summary the sink wrote: ids in the window, new ones, expired ones, its end (event time). */
    record Window(String end, List<Long> ids, List<Long> news, List<Long> expired) {
        /** A window as expected: ids and new ones (expired ones are checked where they are certain). */
        boolean sameAs(Window expected) {
            return ids.equals(expected.ids)
                    && news.equals(expected.news)
                    && (expected.end == null || expected.end.equals(end));
        }
    }

    @Test
    void everyWindowKindHasItsExactContentsAndStatefulBoltsNeedNoRegistration() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            Path out = cluster.root.resolve("out");
            long start = System.nanoTime();
            cluster.submitOk(WindowsTopology.class.getName(), NAME, out.toString());
            ReliableRun run = new ReliableRun(out);
            Map<String, List<Window>> expected = new TreeMap<>();
            expected.put("count-sliding", countWindows(WindowsTopology.COUNT_LENGTH, WindowsTopology.COUNT_SLIDE));
            expected.put("count-tumbling", countWindows(WindowsTopology.COUNT_LENGTH, WindowsTopology.COUNT_LENGTH));
            expected.put("event-sliding", eventWindows(WindowsTopology.TIME_LENGTH_MS, WindowsTopology.TIME_SLIDE_MS));
            expected.put("event-tumbling", eventWindows(WindowsTopology.TIME_SLIDE_MS, WindowsTopology.TIME_SLIDE_MS));
            long[] sums = expectedSums();
            try {
                LocalCluster.waitFor("every window, late tuple, ack and sum", Duration.ofSeconds(120), () -> {
                    Map<String, List<Window>> got = windows(out);
                    return expected.entrySet().stream()
                                    .allMatch(e -> got.getOrDefault(e.getKey(), List.of())
                                                    .size()
                                            >= e.getValue().size())
                            && processingTimeIds(got.get("time-tumbling")).size() >= ALL
                            && newIds(got.get("time-sliding")).size() >= ALL
                            && late(out).size() >= 2 * WindowsTopology.LATE.size()
                            && run.score().acked() >= WindowsTopology.IDS
                            && Arrays.equals(sums, lastSums(out));
                });
            } catch (AssertionError e) {
                throw new AssertionError(
                        e.getMessage() + "\nwindows: " + windows(out) + "\nlate: " + late(out) + "\nscore: "
                                + run.score() + "\nsums: " + Arrays.toString(lastSums(out)) + "\n" + cluster.logs(NAME),
                        e);
            }
            System.out.printf(
                    "WindowsIT: submit to every check done in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            Map<String, List<Window>> got = windows(out);
            expected.forEach((bolt, windows) -> assertWindows(bolt, windows, got.get(bolt)));
            checkTimeTumbling(got.get("time-tumbling"));
            checkTimeSliding(got.get("time-sliding"));

            // the late ids, each once on each event-time bolt's late stream, with their own event time
            Set<String> lateExpected = new LinkedHashSet<>();
            for (String bolt : List.of("event-sliding", "event-tumbling")) {
                WindowsTopology.LATE.forEach((id, ts) -> lateExpected.add(bolt + " " + id + " " + ts));
            }
            assertEquals(lateExpected, Set.copyOf(late(out)), "late tuples");
            assertEquals(lateExpected.size(), late(out).size(), "late tuples, each once: " + late(out));

            ReliableRun.Score score = run.score();
            assertEquals(
                    new ReliableRun.Score(WindowsTopology.IDS, 0, 0, WindowsTopology.IDS),
                    score,
                    "every reliable id acked once, none failed or replayed");

            // the stateful bolt: exact sums, more than one checkpoint committed, and the checkpoint
            // spout and the bolt run in different containers (CheckPointState.Action crossed between them)
            Map<String, Integer> containers = containersOfComponents(cluster.workingDir.resolve(NAME));
            assertNotEquals(containers.get("$checkpointspout"), containers.get("sums"), containers.toString());
            assertTrue(lastCommits(out) >= 2, "checkpoints committed: " + lastCommits(out));
            cluster.kill(NAME);
        }
    }

    private static void assertWindows(String bolt, List<Window> expected, List<Window> got) {
        List<Window> head = got.subList(0, Math.min(got.size(), expected.size()));
        boolean same = head.size() == expected.size();
        for (int i = 0; same && i < expected.size(); i++) {
            same = head.get(i).sameAs(expected.get(i));
        }
        assertTrue(same, bolt + ":\nexpected " + expected + "\ngot      " + got);
        assertEquals(expected.size(), got.size(), bolt + ": no window beyond the expected ones: " + got);
    }

    /** Windows by count over the arrival order 1..ALL (one spout task: ids arrive in order). */
    static List<Window> countWindows(int length, int slide) {
        List<Window> out = new ArrayList<>();
        List<Long> previous = List.of();
        for (long last = slide; last <= ALL; last += slide) {
            List<Long> ids = range(Math.max(1, last - length + 1), last);
            List<Long> before = previous;
            List<Long> fresh = ids.stream().filter(id -> !before.contains(id)).toList();
            out.add(new Window(null, ids, fresh, List.of()));
            previous = ids;
        }
        return out;
    }

    /**
     * Event-time windows as Storm defines them: windows end at multiples of the slide, a window
     * ending at E holds the on-time tuples with event time in (E - length, E], windows without
     * tuples are skipped, and a window closes once the watermark (newest event time minus the lag)
     * reaches its end.
     */
    static List<Window> eventWindows(long length, long slide) {
        Map<Long, Long> onTime = new TreeMap<>();
        for (long id = 1; id <= ALL; id++) {
            if (!WindowsTopology.LATE.containsKey(id)) {
                onTime.put(id, WindowsTopology.eventTime(id));
            }
        }
        long watermark =
                onTime.values().stream().mapToLong(Long::longValue).max().orElseThrow() - WindowsTopology.LAG_MS;
        List<Window> out = new ArrayList<>();
        List<Long> previous = List.of();
        for (long end = slide; end <= watermark; end += slide) {
            long e = end;
            List<Long> ids = onTime.entrySet().stream()
                    .filter(x -> x.getValue() > e - length && x.getValue() <= e)
                    .map(Map.Entry::getKey)
                    .toList();
            if (!ids.isEmpty()) {
                List<Long> before = previous;
                out.add(new Window(
                        Long.toString(end),
                        ids,
                        ids.stream().filter(id -> !before.contains(id)).toList(),
                        List.of()));
                previous = ids;
            } else {
                previous = List.of();
            }
        }
        return out;
    }

    /** Processing-time tumbling windows: consecutive runs that hold every id once, all new. */
    private static void checkTimeTumbling(List<Window> windows) {
        assertEquals(
                range(1, ALL), processingTimeIds(windows), "time-tumbling windows, one after the other: " + windows);
        for (Window w : windows) {
            assertTrue(!w.ids().isEmpty() && w.news().equals(w.ids()), "time-tumbling window " + w);
        }
    }

    /**
     * Processing-time sliding windows: runs of the id sequence, each id new in exactly one, each
     * window the last one moved on by what it reports expired and new.
     */
    private static void checkTimeSliding(List<Window> windows) {
        assertEquals(range(1, ALL), newIds(windows), "time-sliding: each id new in exactly one window: " + windows);
        List<Long> previous = List.of();
        for (Window w : windows) {
            List<Long> ids = w.ids();
            assertEquals(range(ids.get(0), ids.get(ids.size() - 1)), ids, "time-sliding window is a run: " + w);
            List<Long> moved = new ArrayList<>(previous);
            moved.removeAll(w.expired());
            moved.addAll(w.news());
            // a stall longer than the window leaves a trigger without tuples: Storm then reports the next
            // window afresh (all new, nothing in common with the last one reported)
            boolean afresh = w.news().equals(ids) && previous.stream().noneMatch(ids::contains);
            assertTrue(
                    afresh || moved.equals(ids),
                    "time-sliding window = previous - expired + new: " + w + " after " + previous);
            previous = ids;
        }
    }

    private static List<Long> processingTimeIds(List<Window> windows) {
        return windows == null
                ? List.of()
                : windows.stream().flatMap(w -> w.ids().stream()).toList();
    }

    private static List<Long> newIds(List<Window> windows) {
        return windows == null
                ? List.of()
                : windows.stream().flatMap(w -> w.news().stream()).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static long[] expectedSums() {
        long[] s = new long[4];
        for (long id = 1; id <= ALL; id++) {
            s[0]++;
            s[1 + (int) (id % 3)] += id;
        }
        return s;
    }

    /** The stateful bolt's last committed count and sums by id % 3 (empty before its first commit). */
    private static long[] lastSums(Path out) {
        String[] p = sumsLine(out);
        return p == null
                ? new long[0]
                : Arrays.stream(p).skip(1).mapToLong(Long::parseLong).toArray();
    }

    private static long lastCommits(Path out) {
        String[] p = sumsLine(out);
        return p == null ? 0 : Long.parseLong(p[0]);
    }

    private static String[] sumsLine(Path out) {
        return lines(out, "sums-").stream()
                .reduce((a, b) -> b)
                .map(l -> l.split(" "))
                .orElse(null);
    }

    /** Window summaries per bolt, in the order the sink got them. */
    private static Map<String, List<Window>> windows(Path out) {
        Map<String, List<Window>> byBolt = new TreeMap<>();
        for (String line : lines(out, "windows-")) {
            String[] p = line.split(" ");
            if (p[0].equals("W") && p.length == 6) {
                byBolt.computeIfAbsent(p[1], b -> new ArrayList<>())
                        .add(new Window(p[2], ids(p[3]), ids(p[4]), ids(p[5])));
            }
        }
        return byBolt;
    }

    /** "bolt id ts" for every tuple the sink got on a late-tuple stream. */
    private static List<String> late(Path out) {
        return lines(out, "windows-").stream()
                .filter(l -> l.startsWith("L "))
                .map(l -> l.substring(2))
                .toList();
    }

    private static List<Long> ids(String s) {
        return s.equals("-")
                ? List.of()
                : Arrays.stream(s.split(",")).map(Long::parseLong).toList();
    }

    private static List<String> lines(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList()) {
                out.addAll(
                        Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** component -> the container its (single) task runs in, from the instance log names. */
    private static Map<String, Integer> containersOfComponents(Path topologyDir) throws IOException {
        try (Stream<Path> s = Files.walk(topologyDir)) {
            return s.map(p -> topologyDir.relativize(p).toString())
                    .filter(p -> p.matches("container-\\d+/logs/instance-\\d+-.*\\.log"))
                    .collect(Collectors.toMap(
                            p -> p.substring(p.lastIndexOf('/') + 1)
                                    .replaceFirst("^instance-\\d+-", "")
                                    .replaceFirst("\\.log$", ""),
                            p -> Integer.parseInt(p.substring("container-".length(), p.indexOf('/'))),
                            (a, b) -> a));
        }
    }
}

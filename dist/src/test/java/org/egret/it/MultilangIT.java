package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.egret.examples.SentenceSpout;
import org.egret.examples.verify.MultilangTopology;
import org.junit.jupiter.api.Test;

/**
 * Storm's multilang on Egret, in one topology of four independent pipelines over 2 containers
 * ({@link MultilangTopology}): the jar's {@code resources/} (our Python scripts and Storm's own
 * {@code storm.py}) is unpacked into the code directory, where ShellBolt and ShellSpout run them.
 */
class MultilangIT {
    private static final String TOPOLOGY = "multilang";
    private static final int SENTENCES = 2000;
    private static final int FLAKY_IDS = 3000;
    private static final int SPOUT_IDS = 2000;
    /** 10 s of paced ids; what the hung task held is replayed to its replacement. */
    private static final int HANG_IDS = 10 * MultilangTopology.HANG_IDS_PER_SECOND;

    private static final int HANG_AT = 20;

    @Test
    void pythonComponentsCountFailEmitAndAHungSubprocessRestartsItsTask() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            Path out = cluster.root.resolve("multilang");
            try {
                cluster.submitOk(
                        MultilangTopology.class.getName(),
                        TOPOLOGY,
                        out.toString(),
                        Integer.toString(SENTENCES),
                        Integer.toString(FLAKY_IDS),
                        Integer.toString(SPOUT_IDS),
                        Integer.toString(HANG_IDS),
                        Integer.toString(HANG_AT));
                try {
                    checks(cluster, out);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n" + cluster.logs(TOPOLOGY), e);
                }
                cluster.kill(TOPOLOGY);
                LocalCluster.waitFor(
                        "no subprocess left in the topology's directories",
                        Duration.ofSeconds(30),
                        () -> subprocesses(cluster.root).isEmpty());
            } finally {
                // what a failed check may leave: the Python subprocesses do not carry the topology's name
                subprocesses(cluster.root).forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static void checks(LocalCluster cluster, Path out) throws Exception {
        // the hang pipeline first: it takes longest (a heartbeat timeout, a restart, replays after a message timeout)
        Path marker = out.resolve(MultilangTopology.HANG).resolve("hung-pid");
        LocalCluster.waitFor("the Python bolt to hang", Duration.ofSeconds(180), () -> Files.exists(marker));
        // what the hung subprocess wrote: its pid, its parent's (the task JVM) and its working directory
        String[] hung = Files.readString(marker).trim().split(" ", 3);
        long hungPid = Long.parseLong(hung[0]);
        long hungTask = Long.parseLong(hung[1]);
        Path codeDir = Path.of(hung[2]);
        assertTrue(
                codeDir.startsWith(cluster.workingDir.resolve(TOPOLOGY))
                        && codeDir.endsWith(Path.of("package", "resources")),
                "ShellBolt's command runs in the code directory: " + codeDir);
        assertTrue(Files.isRegularFile(codeDir.resolve("storm.py")), "Storm's storm.py unpacked beside the scripts");

        LocalCluster.waitFor("the hung task replaced by a new JVM", Duration.ofSeconds(90), () -> {
            Set<Long> now = cluster.pids(TOPOLOGY, "instance", MultilangTopology.HANGING_BOLT);
            return now.size() == 1
                    && !now.contains(hungTask)
                    && ProcessHandle.of(hungTask).isEmpty();
        });
        LocalCluster.waitFor(
                "the hung subprocess gone with its task",
                Duration.ofSeconds(30),
                () -> ProcessHandle.of(hungPid).filter(ProcessHandle::isAlive).isEmpty());
        String log = logsOf(cluster, MultilangTopology.HANGING_BOLT);
        // ShellBolt's "Halting process: ShellBolt died ... ProcessInfo pid:<pid>, name:<component>" and its cause
        assertTrue(
                log.contains("pid:" + hungPid + ", name:" + MultilangTopology.HANGING_BOLT)
                        && log.contains("subprocess heartbeat timeout"),
                "ShellBolt's heartbeat timeout caught the hung process");

        Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < SENTENCES; i++) {
            for (String w : SentenceSpout.SENTENCES[i % SentenceSpout.SENTENCES.length].split(" ")) {
                expected.merge(w, 1L, Long::sum);
            }
        }
        Path counts = out.resolve(MultilangTopology.WORDCOUNT);
        LocalCluster.waitFor(
                "exact word counts through the Python split bolt",
                Duration.ofSeconds(60),
                () -> expected.equals(WordCountIT.counts(counts)));

        ReliableRun flaky = new ReliableRun(out.resolve(MultilangTopology.FLAKY));
        LocalCluster.waitFor(
                "every id through the failing Python bolt acked",
                Duration.ofSeconds(60),
                () -> flaky.score().acked() >= FLAKY_IDS);
        ReliableRun.Score s = flaky.score();
        assertEquals(0, s.dups(), "ack called twice for an id: " + s);
        List<Long> neverFailed = new ArrayList<>();
        Set<Long> replayed = flaky.replayed();
        for (long id = 7; id <= FLAKY_IDS; id += 7) {
            if (!replayed.contains(id)) {
                neverFailed.add(id);
            }
        }
        assertEquals(List.of(), neverFailed, "ids the Python bolt failed reached the spout's fail");
        LocalCluster.waitFor(
                "every id of the failing bolt at its sink",
                Duration.ofSeconds(30),
                () -> ReliableRun.missing(flaky.sinkCounts(), FLAKY_IDS).isEmpty());

        ReliableRun pySpout = new ReliableRun(out.resolve(MultilangTopology.PY_SPOUT));
        LocalCluster.waitFor(
                "every id of the Python spout at its sink",
                Duration.ofSeconds(60),
                () -> ReliableRun.missing(pySpout.sinkCounts(), SPOUT_IDS).isEmpty());

        ReliableRun hang = new ReliableRun(out.resolve(MultilangTopology.HANG));
        LocalCluster.waitFor(
                "every id of the hang pipeline acked, after the restart too",
                Duration.ofSeconds(60),
                () -> hang.score().acked() >= HANG_IDS);
        assertEquals(0, hang.score().dups(), "ack called twice for an id: " + hang.score());
    }

    /** Everything the instances of {@code component} logged (every incarnation appends to the same files). */
    private static String logsOf(LocalCluster cluster, String component) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(cluster.workingDir.resolve(TOPOLOGY))) {
            for (Path f : s.filter(
                            p -> p.getFileName().toString().matches("instance-\\d+-" + component + "\\.(log|out).*"))
                    .toList()) {
                sb.append(Files.readString(f));
            }
        }
        return sb.toString();
    }

    /** Processes running in a directory below {@code root} (the Python subprocesses, in their code directory). */
    private static List<ProcessHandle> subprocesses(Path root) {
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/cwd"))
                                .startsWith(root);
                    } catch (IOException | UnsupportedOperationException e) {
                        return false;
                    }
                })
                .toList();
    }
}

package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.delegation.AbstractDelegationTokenIdentifier;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.egret.examples.verify.ReliableTopology;
import org.egret.proto.ContainerPlan;
import org.egret.proto.InstancePlan;
import org.egret.proto.PackingPlan;
import org.egret.proto.StoredSecret;
import org.junit.jupiter.api.Test;

/**
 * A topology on a Kerberos-secured YARN and HDFS ({@link KerberizedHadoop}), submitted with a
 * principal and keytab. The CLI logs in from the keytab, uploads as the topology's owner and gives
 * the AM HDFS delegation tokens that live only {@link KerberizedHadoop#TOKEN_LIFETIME_MS}. The AM gets
 * the keytab (no other container does), logs in from it and obtains fresh tokens before the old ones
 * die. Once they have, an executor killed with SIGKILL is replaced on a node that has localized
 * nothing of the application, so the packages come from the secure HDFS with the fresh tokens, and
 * tuples flow through it again.
 */
class YarnKerberosIT {
    private static final String NAME = "ykrb";
    /** The node the replacement must go to. */
    private static final String SECOND_NODE = "127.0.0.33";

    @Test
    void keytabSubmitTokensAndContainerReplacementAfterTheTokensMaximumLifetime() throws Exception {
        List<String> report = new ArrayList<>();
        long t0 = System.nanoTime();
        try (KerberizedHadoop hadoop = new KerberizedHadoop();
                LocalCluster cluster = hadoop.cluster()
                        // one failure puts a node on the application's blacklist (never the last node)
                        .withConfigProperty("egret.yarn.blacklist.node.failures", "1")
                        .withConfigProperty("egret.yarn.blacklist.max.fraction", "0.5")
                        .withConfigProperty("egret.scheduler.container.backoff.ms", "200")) {
            report.add("KDC, secure HDFS and YARN up in " + ms(t0) + " ms");
            Path out = cluster.root.resolve("reliable");
            long s0 = System.nanoTime();
            long submittedAt = System.currentTimeMillis();
            cluster.submitOk(ReliableTopology.class.getName(), NAME, out.toString(), "1000000", "on", "500");
            ReliableRun run = new ReliableRun(out);
            LocalCluster.waitFor(
                    "the first acks", Duration.ofSeconds(120), () -> run.score().acked() > 0);
            report.add("submit to first acks " + ms(s0) + " ms");

            ApplicationReport app = application(hadoop);
            assertEquals(KerberizedHadoop.USER, app.getUser(), "the application runs as the keytab's principal");
            org.apache.hadoop.fs.Path pkgDir = new org.apache.hadoop.fs.Path("/egret/packages/" + NAME);
            FileStatus keytab = hadoop.fs.getFileStatus(new org.apache.hadoop.fs.Path(pkgDir, "egret.keytab"));
            assertEquals(KerberizedHadoop.USER, keytab.getOwner());
            assertEquals("rw-------", keytab.getPermission().toString(), "the keytab in HDFS");
            assertEquals(
                    KerberizedHadoop.USER,
                    hadoop.fs
                            .getFileStatus(new org.apache.hadoop.fs.Path(pkgDir, "topology.tar.gz"))
                            .getOwner());
            long am = SecretChecks.pids(NAME, "scheduler").get(0);
            Path amDir = Path.of("/proc/" + am + "/cwd").toRealPath();
            assertEquals(
                    Set.of(amDir),
                    containersWith(hadoop.nodeDirs(), "egret.keytab"),
                    "only the AM's container has the keytab");

            // the submit's tokens die TOKEN_LIFETIME_MS after the submit; the AM has fresh ones before that
            Token<?> first = hdfsToken(amDir.resolve("container_tokens"));
            long firstEnd = identifier(first).getMaxDate();
            assertTrue(firstEnd <= submittedAt + KerberizedHadoop.TOKEN_LIFETIME_MS + 60_000, "max date " + firstEnd);
            LocalCluster.waitFor(
                    "the AM's fresh tokens and the first ones' end",
                    Duration.ofSeconds(60),
                    quietly(() -> System.currentTimeMillis() > firstEnd + 1000
                            && amLog(hadoop.nodeDirs(), amDir).contains("obtained fresh HDFS")));
            UserGroupInformation owner = UserGroupInformation.createRemoteUser(KerberizedHadoop.USER);
            owner.addToken(first);
            Exception refused = null;
            try {
                owner.doAs((PrivilegedExceptionAction<FileStatus[]>)
                        () -> FileSystem.newInstance(hadoop.fs.getUri(), hadoop.yarn.getConfig())
                                .listStatus(pkgDir));
            } catch (Exception e) {
                refused = e;
            }
            assertTrue(
                    refused != null && String.valueOf(refused.getMessage()).contains("expired"),
                    "HDFS still takes the submit's token: " + refused);
            report.add("submit's HDFS token expired at +" + (firstEnd - submittedAt) + " ms and HDFS refuses it");

            // a fresh node; the old one goes on the blacklist with the first failure
            hadoop.startNodeManager(SECOND_NODE);
            PackingPlan plan = PackingPlan.parseFrom(zkData(hadoop, "packingplans"));
            // a container without the spout (a restarted spout would start its ids over), with a sink if one has
            ContainerPlan victimPlan = plan.getContainersList().stream()
                    .filter(c -> c.getInstancesList().stream()
                            .noneMatch(i -> i.getComponent().equals("ids")))
                    .max(Comparator.comparing(c -> c.getInstancesList().stream()
                            .anyMatch(i -> i.getComponent().equals("sink"))))
                    .orElseThrow();
            int victim = victimPlan.getId();
            List<Integer> victimSinks = victimPlan.getInstancesList().stream()
                    .filter(i -> i.getComponent().equals("sink"))
                    .map(InstancePlan::getTaskId)
                    .toList();
            long before = executorPid(victim);
            Set<String> sinkFilesBefore = sinkFiles(out);
            long k0 = System.nanoTime();
            ProcessHandle.of(before).ifPresent(ProcessHandle::destroyForcibly);
            LocalCluster.waitFor(
                    "container " + victim + " replaced on " + SECOND_NODE, Duration.ofSeconds(60), quietly(() -> {
                        long pid = executorPidOrZero(victim);
                        return pid != 0
                                && pid != before
                                && Path.of("/proc/" + pid + "/cwd")
                                        .toRealPath()
                                        .toString()
                                        .contains("nm-2-");
                    }));
            report.add("container " + victim + " replaced on the new node " + ms(k0) + " ms after its SIGKILL");
            Path newDir = Path.of("/proc/" + executorPid(victim) + "/cwd").toRealPath();
            Token<?> given = hdfsToken(newDir.resolve("container_tokens"));
            assertTrue(
                    identifier(given).getIssueDate() > identifier(first).getIssueDate()
                            && identifier(given).getMaxDate() > firstEnd,
                    "the new container's HDFS token is a fresh one: " + given);
            assertTrue(Files.isRegularFile(newDir.resolve("topology.tar.gz")), "the package localized on the new node");
            LocalCluster.waitFor(
                    "the new executor's secret file",
                    Duration.ofSeconds(30),
                    () -> Files.exists(newDir.resolve("container/topology.secret")));
            // tuples through the new container: its sink tasks record ids in files of their new processes
            LocalCluster.waitFor(
                    "ids at new processes of the victim's sink tasks " + victimSinks,
                    Duration.ofSeconds(60),
                    () -> victimSinks.stream()
                            .allMatch(t -> sinkFiles(out).stream()
                                    .anyMatch(f -> f.startsWith("sink-" + t + "-") && !sinkFilesBefore.contains(f))));
            long acked = run.score().acked();
            LocalCluster.waitFor(
                    "acks moving", Duration.ofSeconds(30), () -> run.score().acked() > acked);
            report.add("tuples through the new container's sink tasks " + victimSinks + " " + ms(k0)
                    + " ms after the kill");

            byte[] secret =
                    StoredSecret.parseFrom(zkData(hadoop, "secrets")).getKey().toByteArray();
            report.add("topology secret in " + SecretChecks.assertSecretFiles(NAME, secret)
                    + " executor containers, in none of "
                    + SecretChecks.assertNotLeaked(NAME, secret, hadoop.nodeDirs())
                    + " NodeManager files");

            long d0 = System.nanoTime();
            cluster.kill(NAME);
            LocalCluster.waitFor("application killed", Duration.ofSeconds(60), quietly(() -> {
                ApplicationReport a = application(hadoop);
                return a.getYarnApplicationState() == YarnApplicationState.FINISHED
                        && a.getFinalApplicationStatus() == FinalApplicationStatus.KILLED;
            }));
            LocalCluster.waitFor(
                    "every process gone",
                    Duration.ofSeconds(30),
                    () -> cluster.roles(NAME).isEmpty());
            // the AM removed the packages and the keytab with the tokens it obtained itself
            assertFalse(hadoop.fs.exists(pkgDir), "the package directory (keytab included) is still in HDFS");
            report.add("kill to nothing left " + ms(d0) + " ms; whole test " + ms(t0) + " ms");
        } finally {
            report.forEach(l -> System.out.println("[kerberos] " + l));
            Files.write(Path.of("target", "kerberos-report.txt"), report);
        }
    }

    private static ApplicationReport application(KerberizedHadoop hadoop) throws Exception {
        return hadoop.yarnClient.getApplications().stream()
                .filter(a -> a.getName().equals(NAME))
                .findFirst()
                .orElseThrow();
    }

    private static byte[] zkData(KerberizedHadoop hadoop, String family) throws Exception {
        try (org.apache.curator.framework.CuratorFramework zk =
                ZkCredentials.client(hadoop.zk.getConnectString(), ZkCredentials.DIGEST)) {
            return zk.getData().forPath("/egret/" + family + "/" + NAME);
        }
    }

    private static Token<?> hdfsToken(Path tokenFile) throws Exception {
        Credentials creds = new Credentials();
        try (InputStream in = Files.newInputStream(tokenFile)) {
            creds.readTokenStorageStream(new DataInputStream(in));
        }
        return creds.getAllTokens().stream()
                .filter(t -> t.getKind().toString().equals("HDFS_DELEGATION_TOKEN"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no HDFS delegation token in " + tokenFile));
    }

    private static AbstractDelegationTokenIdentifier identifier(Token<?> t) throws Exception {
        return (AbstractDelegationTokenIdentifier) t.decodeIdentifier();
    }

    /** The AM's log, from the NodeManager's log dir of its container ({@code <app>/<container>/am.log}). */
    private static String amLog(Path nodeDirs, Path amDir) throws Exception {
        Path tail = Path.of(
                amDir.getParent().getFileName().toString(), amDir.getFileName().toString(), "am.log");
        try (Stream<Path> s = Files.walk(nodeDirs)) {
            for (Path p : s.filter(p -> p.endsWith(tail)).toList()) {
                return Files.readString(p);
            }
        }
        return "";
    }

    /** The container work dirs that hold a file (or YARN's link to a localized one) of that name. */
    private static Set<Path> containersWith(Path nodeDirs, String name) throws Exception {
        try (Stream<Path> s = Files.walk(nodeDirs)) {
            Set<Path> dirs = new TreeSet<>();
            for (Path p : s.filter(p -> p.getFileName().toString().equals(name)
                            && p.getParent().getFileName().toString().startsWith("container_"))
                    .toList()) {
                dirs.add(p.getParent().toRealPath());
            }
            return dirs;
        }
    }

    /** The names of the sinks' record files that hold ids ({@code sink-<task>-<pid>.txt}, one per process). */
    private static Set<String> sinkFiles(Path out) {
        Set<String> names = new TreeSet<>();
        ReliableRun.eachId(
                out, "sink-", (file, id) -> names.add(file.getFileName().toString()));
        return names;
    }

    private static BooleanSupplier quietly(Callable<Boolean> condition) {
        return () -> {
            try {
                return condition.call();
            } catch (Exception e) {
                return false;
            }
        };
    }

    private static long executorPid(int index) {
        long pid = executorPidOrZero(index);
        assertTrue(pid != 0, "no executor of container " + index);
        return pid;
    }

    private static long executorPidOrZero(int index) {
        return YarnContainerChecks.executorPid(NAME, index).orElse(0L);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

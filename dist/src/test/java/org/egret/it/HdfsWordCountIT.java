package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.egret.examples.SentenceSpout;
import org.egret.examples.WordCountTopology;
import org.junit.jupiter.api.Test;

/**
 * WordCount through bin/egret with its package in HDFS: the CLI uploads it with the HDFS
 * uploader, every executor downloads it from the hdfs:// URI, and kill removes it.
 */
class HdfsWordCountIT {
    private static final int SENTENCES = 2000;

    @Test
    void runsFromAPackageInHdfsAndKillRemovesIt() throws Exception {
        Path tmp = Files.createTempDirectory("egret-hdfs-wc-");
        MiniDFSCluster dfs = null;
        try {
            dfs = new MiniDFSCluster.Builder(
                            new Configuration(), tmp.resolve("dfs").toFile())
                    .numDataNodes(1)
                    .build();
            dfs.waitActive();
            String nameNode = "hdfs://localhost:" + dfs.getNameNodePort();
            // the executors find the NameNode the way a user's install would: a Hadoop conf directory
            Path hadoopConf = Files.createDirectories(tmp.resolve("hadoop-conf"));
            Files.writeString(
                    hadoopConf.resolve("core-site.xml"),
                    "<configuration><property><name>fs.defaultFS</name>" + "<value>" + nameNode
                            + "</value></property></configuration>");
            FileSystem fs = dfs.getFileSystem();
            org.apache.hadoop.fs.Path pkg = new org.apache.hadoop.fs.Path("/egret/packages/hwc/topology.tar.gz");

            try (LocalCluster cluster = new LocalCluster()
                    .withConfigProperty("egret.uploader.type", "hdfs")
                    .withConfigProperty("egret.uploader.hdfs.dir", nameNode + "/egret/packages")
                    .withConfigProperty("egret.uploader.hadoop.conf.dir", hadoopConf.toString())) {
                Path out = cluster.root.resolve("counts");
                LocalCluster.Result r = cluster.submitOk(
                        WordCountTopology.class.getName(), "hwc", Integer.toString(SENTENCES), out.toString());
                assertTrue(r.out().contains("Uploaded the package to " + nameNode + pkg), r.out());
                assertTrue(fs.exists(pkg), "no package in HDFS");
                assertTrue(
                        Files.notExists(cluster.packagesDir.resolve("hwc")), "the package went to the local uploader");

                Map<String, Long> expected = new TreeMap<>();
                for (int i = 0; i < SENTENCES; i++) {
                    for (String w : SentenceSpout.SENTENCES[i % SentenceSpout.SENTENCES.length].split(" ")) {
                        expected.merge(w, 1L, Long::sum);
                    }
                }
                try {
                    LocalCluster.waitFor(
                            "exact word counts",
                            Duration.ofSeconds(90),
                            () -> expected.equals(WordCountIT.counts(out)));
                } catch (AssertionError e) {
                    throw new AssertionError(
                            e.getMessage() + "\ncounts: " + WordCountIT.counts(out) + "\n" + cluster.logs("hwc"), e);
                }

                cluster.kill("hwc");
                LocalCluster.waitFor(
                        "every process gone",
                        Duration.ofSeconds(30),
                        () -> cluster.roles("hwc").isEmpty());
                assertTrue(cluster.stateIsEmpty(), "state nodes left behind");
                assertTrue(!fs.exists(pkg) && !fs.exists(pkg.getParent()), "the package is still in HDFS");
            }
        } finally {
            if (dfs != null) {
                dfs.shutdown(true);
            }
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}

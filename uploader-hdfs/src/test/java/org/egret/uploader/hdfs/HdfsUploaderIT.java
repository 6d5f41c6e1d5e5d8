package org.egret.uploader.hdfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.security.UserGroupInformation;
import org.egret.config.EgretConfig;
import org.egret.uploader.PackageFetcher;
import org.egret.uploader.Uploader;
import org.egret.uploader.UploaderKeys;
import org.egret.uploader.Uploaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HDFS uploader and package source against one in-process HDFS (NameNode + DataNode). */
class HdfsUploaderIT {
    private static Path tmp;
    private static MiniDFSCluster cluster;
    private static FileSystem admin;
    private static URI nameNode;
    private static Path pkg;
    private static final byte[] CONTENT = "not really a tarball, but bytes to compare".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void startCluster() throws IOException {
        tmp = Files.createTempDirectory("egret-hdfs-it-");
        Configuration conf = new Configuration();
        conf.setBoolean("dfs.permissions.enabled", true);
        cluster = new MiniDFSCluster.Builder(conf, tmp.resolve("dfs").toFile())
                .numDataNodes(1)
                .build();
        cluster.waitActive();
        admin = cluster.getFileSystem();
        nameNode = URI.create("hdfs://localhost:" + cluster.getNameNodePort());
        pkg = Files.write(tmp.resolve("topology.tar.gz"), CONTENT);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.shutdown(true);
        }
        if (tmp != null) {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    private static EgretConfig config(String dir, String... more) {
        Map<String, Object> raw = new HashMap<>(Map.of(UploaderKeys.TYPE.name(), "hdfs", HdfsKeys.DIR.name(), dir));
        for (int i = 0; i < more.length; i += 2) {
            raw.put(more[i], more[i + 1]);
        }
        return EgretConfig.fromMap(raw);
    }

    private static org.apache.hadoop.fs.Path hdfsPath(URI uri) {
        return new org.apache.hadoop.fs.Path(uri.getPath());
    }

    @Test
    void uploadsFetchesAndDeletes() throws Exception {
        EgretConfig config = config(nameNode + "/egret/packages");
        URI uri;
        try (Uploader uploader = Uploaders.open(config)) {
            uri = uploader.upload(pkg, "wordcount");
            assertEquals(nameNode + "/egret/packages/wordcount/topology.tar.gz", uri.toString());
            assertTrue(admin.exists(hdfsPath(uri)));
            // owner-only package and topology directory; the shared packages directory keeps the default mode
            assertEquals(
                    0600, admin.getFileStatus(hdfsPath(uri)).getPermission().toShort(), "package mode");
            assertEquals(
                    0700,
                    admin.getFileStatus(hdfsPath(uri).getParent())
                            .getPermission()
                            .toShort(),
                    "directory mode");
            assertEquals(
                    0755,
                    admin.getFileStatus(hdfsPath(uri).getParent().getParent())
                            .getPermission()
                            .toShort(),
                    "packages directory mode");

            Path fetched = tmp.resolve("fetched.tar.gz");
            PackageFetcher.fetch(uri, fetched, config);
            assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
            try (Stream<Path> s = Files.list(tmp)) {
                assertTrue(
                        s.noneMatch(p -> p.getFileName().toString().endsWith(".crc")),
                        "checksum file left beside the target");
            }
            Files.delete(fetched);

            uploader.delete(uri);
        }
        assertFalse(admin.exists(hdfsPath(uri)), "package left behind");
        assertFalse(
                admin.exists(new org.apache.hadoop.fs.Path("/egret/packages/wordcount")),
                "topology directory left behind");
        assertTrue(admin.exists(new org.apache.hadoop.fs.Path("/egret/packages")), "the shared directory must stay");

        try (Uploader uploader = Uploaders.open(config)) {
            uploader.delete(uri); // absent is fine
        }
    }

    /** Kill reads the package URI from shared state: only what lies strictly inside egret.uploader.hdfs.dir goes. */
    @Test
    void deletesOnlyInsideTheConfiguredDirectory() throws Exception {
        org.apache.hadoop.fs.Path outside = new org.apache.hadoop.fs.Path("/egret/outside/x/topology.tar.gz");
        try (var out = admin.create(outside)) {
            out.write(CONTENT);
        }
        try (Uploader uploader = Uploaders.open(config(nameNode + "/egret/guarded"))) {
            URI inside = uploader.upload(pkg, "inside");
            for (String refused : new String[] {
                nameNode + "/egret/outside/x/topology.tar.gz",
                nameNode + "/egret/guarded/../outside/x/topology.tar.gz",
                nameNode + "/egret/guarded",
                nameNode + "/egret/guarded/",
                "hdfs://other-namenode:8020/egret/guarded/inside/topology.tar.gz",
                "file:///etc",
                "/egret/guarded/../outside/x/topology.tar.gz"
            }) {
                URI uri = URI.create(refused);
                assertFalse(uploader.holds(uri), refused);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> uploader.delete(uri));
                assertTrue(e.getMessage().contains("is not inside the HDFS uploader's directory"), e.getMessage());
            }
            assertTrue(admin.exists(outside), "a package outside the directory was deleted");
            assertTrue(admin.exists(new org.apache.hadoop.fs.Path("/egret/guarded")));

            assertTrue(uploader.holds(inside));
            assertTrue(
                    uploader.holds(URI.create("/egret/guarded/inside/topology.tar.gz")),
                    "a bare path is on our NameNode");
            uploader.delete(URI.create(nameNode + "/egret/guarded/inside/../inside/topology.tar.gz"));
            assertFalse(admin.exists(hdfsPath(inside)));
            assertFalse(admin.exists(new org.apache.hadoop.fs.Path("/egret/guarded/inside")), "its directory goes too");
            assertTrue(admin.exists(new org.apache.hadoop.fs.Path("/egret/guarded")), "the root stays");
        } finally {
            admin.delete(new org.apache.hadoop.fs.Path("/egret/outside"), true);
        }
    }

    @Test
    void aPathWithoutNameNodeResolvesAgainstTheHadoopConfDir() throws Exception {
        Path confDir = Files.createDirectories(tmp.resolve("hadoop-conf"));
        Files.writeString(
                confDir.resolve("core-site.xml"),
                "<configuration><property><name>fs.defaultFS</name>" + "<value>" + nameNode
                        + "</value></property></configuration>");
        EgretConfig config = config("/egret/from-conf-dir", HdfsKeys.HADOOP_CONF_DIR.name(), confDir.toString());
        try (Uploader uploader = Uploaders.open(config)) {
            URI uri = uploader.upload(pkg, "confdir");
            assertEquals(nameNode + "/egret/from-conf-dir/confdir/topology.tar.gz", uri.toString());
            uploader.delete(uri);
        }
    }

    @Test
    void anExistingPackageIsRefusedAndKept() throws Exception {
        EgretConfig config = config(nameNode + "/egret/packages");
        try (Uploader uploader = Uploaders.open(config)) {
            URI uri = uploader.upload(pkg, "twice");
            Path other = Files.write(tmp.resolve("other.tar.gz"), new byte[] {1, 2, 3});
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> uploader.upload(other, "twice"));
            assertTrue(
                    e.getMessage().startsWith("a package for 'twice' is already uploaded at " + uri), e.getMessage());
            try (var in = admin.open(hdfsPath(uri))) {
                assertArrayEquals(CONTENT, in.readAllBytes(), "the existing package was changed");
            }
            uploader.delete(uri);
            Files.delete(other);
        }
    }

    @Test
    void permissionDeniedSaysSoAndLeavesNothing() throws Exception {
        org.apache.hadoop.fs.Path locked = new org.apache.hadoop.fs.Path("/locked");
        admin.mkdirs(locked);
        admin.setOwner(locked, "bob", "bob");
        admin.setPermission(locked, new FsPermission((short) 0700));
        EgretConfig config = config(nameNode + "/locked/packages");
        UserGroupInformation alice = UserGroupInformation.createRemoteUser("alice");
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class,
                () -> alice.doAs((PrivilegedExceptionAction<URI>) () -> {
                    try (Uploader uploader = Uploaders.open(config)) {
                        return uploader.upload(pkg, "denied");
                    }
                }));
        assertTrue(
                e.getMessage()
                        .startsWith("permission denied (uploading to " + nameNode
                                + "/locked/packages/denied/topology.tar.gz): "),
                e.getMessage());
        assertTrue(e.getMessage().contains("user=alice"), e.getMessage());
        assertEquals(0, admin.listStatus(locked).length, "the failed upload left something");

        // a package bob can read and alice cannot
        org.apache.hadoop.fs.Path secret = new org.apache.hadoop.fs.Path(locked, "topology.tar.gz");
        try (var out = admin.create(secret)) {
            out.write(CONTENT);
        }
        Path target = tmp.resolve("denied.tar.gz");
        IOException fetch = assertThrows(
                IOException.class,
                () -> alice.doAs((PrivilegedExceptionAction<Void>) () -> {
                    PackageFetcher.fetch(URI.create(nameNode + secret.toString()), target, config);
                    return null;
                }));
        assertTrue(fetch.getMessage().startsWith("permission denied (fetching "), fetch.getMessage());
        admin.delete(locked, true);
        Files.deleteIfExists(target);
    }

    @Test
    void aMissingPackageIsNamed() {
        URI uri = URI.create(nameNode + "/egret/packages/gone/topology.tar.gz");
        Path target = tmp.resolve("missing.tar.gz");
        IOException e =
                assertThrows(IOException.class, () -> PackageFetcher.fetch(uri, target, config(nameNode + "/egret")));
        assertTrue(e.getMessage().startsWith("not found in HDFS (fetching " + uri + ")"), e.getMessage());
    }

    @Test
    void anUnreachableNameNodeFailsWithinTheConfiguredBound() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        EgretConfig config = config(
                "hdfs://localhost:" + port + "/egret/packages",
                HdfsKeys.CONNECT_RETRIES.name(),
                "1",
                HdfsKeys.CONNECT_TIMEOUT_MS.name(),
                "2000");
        long start = System.nanoTime();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
            try (Uploader uploader = Uploaders.open(config)) {
                uploader.upload(pkg, "nowhere");
            }
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(
                e.getMessage()
                        .startsWith("cannot reach the NameNode localhost:" + port + " (uploading to hdfs://localhost:"
                                + port
                                + "/egret/packages/nowhere/topology.tar.gz): ConnectException: Connection refused"),
                e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);

        Path target = tmp.resolve("nowhere.tar.gz");
        IOException fetch = assertThrows(
                IOException.class,
                () -> PackageFetcher.fetch(
                        URI.create("hdfs://localhost:" + port + "/egret/packages/nowhere/topology.tar.gz"),
                        target,
                        config));
        assertTrue(
                fetch.getMessage().startsWith("cannot reach the NameNode localhost:" + port + " (fetching "),
                fetch.getMessage());
        Files.deleteIfExists(target);
    }

    @Test
    void aNameNodeThatNeverAnswersFailsWithinTheRpcTimeout() throws Exception {
        // the kernel completes the handshake into the backlog; nobody ever reads or answers
        try (ServerSocket silent = new ServerSocket(0)) {
            EgretConfig config = config(
                    "hdfs://localhost:" + silent.getLocalPort() + "/egret/packages",
                    HdfsKeys.RPC_TIMEOUT_MS.name(),
                    "1000");
            long start = System.nanoTime();
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                try (Uploader uploader = Uploaders.open(config)) {
                    uploader.upload(pkg, "silent");
                }
            });
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(
                    e.getMessage()
                            .startsWith("the NameNode localhost:" + silent.getLocalPort()
                                    + " accepted the connection but did not answer (uploading to "),
                    e.getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "took " + took);
        }
    }

    @Test
    void aServerThatIsNotANameNodeIsNamed() throws Exception {
        try (ServerSocket web = new ServerSocket(0)) {
            Thread answer = new Thread(
                    () -> {
                        try (var socket = web.accept()) {
                            socket.getOutputStream()
                                    .write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            socket.getOutputStream().flush();
                            socket.getInputStream().read(); // hold the connection until the client gives up
                        } catch (IOException e) {
                            // the test closes the server socket
                        }
                    },
                    "fake-web-server");
            answer.start();
            EgretConfig config = config("hdfs://localhost:" + web.getLocalPort() + "/egret/packages");
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                try (Uploader uploader = Uploaders.open(config)) {
                    uploader.upload(pkg, "web");
                }
            });
            assertTrue(
                    e.getMessage().startsWith("localhost:" + web.getLocalPort() + " answered, but not as a NameNode"),
                    e.getMessage());
            web.close();
            answer.join(10_000);
        }
    }
}

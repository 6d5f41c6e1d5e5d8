package org.egret.scheduler.yarn;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.egret.config.EgretConfig;
import org.egret.runtime.Tar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archives YARN localizes for the AM and every container, beside the topology package: the
 * Egret core package (this installation's {@code bin/} and {@code lib/} and the conf directory the
 * CLI read) and the Hadoop client configuration (a small archive of its own, so a shared prebuilt
 * core package works too). Uncompressed tars: the jars in lib/ are compressed already, and
 * gzipping ~100 MB would cost seconds per submit for nothing.
 */
final class CorePackage {
    private static final Logger LOG = LoggerFactory.getLogger(CorePackage.class);
    static final String FILE_NAME = "egret-core.tar";
    static final String HADOOP_CONF_FILE = "hadoop-conf.tar";

    /** Where the package is and whether this topology owns it (kill deletes only its own). */
    record Location(URI uri, boolean owned) {}

    private CorePackage() {}

    /**
     * Puts the core package beside the topology package ({@code <dir>/<topology>/}), or names the
     * shared one of {@code egret.yarn.core.package} when that is already in a cluster file system.
     */
    static Location place(
            EgretConfig config, Path egretHome, Path confDir, URI topologyPackage, Configuration conf, Path work)
            throws IOException {
        String configured = config.get(YarnKeys.CORE_PACKAGE).trim();
        URI given = configured.isEmpty() ? null : URI.create(configured);
        if (given != null && given.getScheme() != null && !given.getScheme().equals("file")) {
            return new Location(given, false);
        }
        Path local;
        String name;
        if (given != null) {
            local = given.getScheme() == null ? Path.of(configured) : Path.of(given);
            String file = local.getFileName().toString();
            // YARN unpacks an ARCHIVE by its extension, so keep it
            name = "egret-core" + file.substring(file.indexOf('.') < 0 ? file.length() : file.indexOf('.'));
        } else {
            local = build(egretHome, confDir, work);
            name = FILE_NAME;
        }
        return new Location(upload(local, beside(topologyPackage, name), conf), true);
    }

    /** Uploads the Hadoop site files (none is fine: then the cluster's defaults apply) as an archive. */
    static URI placeHadoopConf(EgretConfig config, URI topologyPackage, Configuration conf, Path work)
            throws IOException {
        Path stage = Files.createDirectories(work.resolve("hadoop-conf"));
        for (Path site : HadoopConf.siteFiles(config)) {
            Files.copy(site, stage.resolve(site.getFileName()));
        }
        Path tar = work.resolve(HADOOP_CONF_FILE);
        Tar.run("-cf", tar.toString(), "-C", stage.toString(), ".");
        return upload(tar, beside(topologyPackage, HADOOP_CONF_FILE), conf);
    }

    /** A file in the topology package's own directory, which kill removes. */
    static URI beside(URI topologyPackage, String name) {
        return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(topologyPackage).getParent(), name).toUri();
    }

    private static URI upload(Path local, URI target, Configuration conf) throws IOException {
        long start = System.nanoTime();
        try (FileSystem fs = FileSystem.newInstance(target, conf)) {
            org.apache.hadoop.fs.Path dst = new org.apache.hadoop.fs.Path(target);
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), dst);
            URI uri = fs.makeQualified(dst).toUri();
            LOG.info(
                    "uploaded {} ({} MB) to {} in {} ms",
                    local.getFileName(),
                    Files.size(local) >> 20,
                    uri,
                    (System.nanoTime() - start) / 1_000_000);
            return uri;
        }
    }

    static Path build(Path egretHome, Path confDir, Path work) throws IOException {
        Path stage = Files.createDirectories(work.resolve("core"));
        Files.createSymbolicLink(stage.resolve("bin"), egretHome.resolve("bin").toAbsolutePath());
        Files.createSymbolicLink(stage.resolve("lib"), egretHome.resolve("lib").toAbsolutePath());
        Files.createSymbolicLink(stage.resolve("conf"), confDir.toAbsolutePath());
        Path tar = work.resolve(FILE_NAME);
        // -h: follow the links, so the archive holds the files themselves
        Tar.run("-chf", tar.toString(), "-C", stage.toString(), "bin", "lib", "conf");
        return tar;
    }
}

package org.egret.uploader.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.egret.config.EgretConfig;
import org.egret.files.OwnerOnly;
import org.egret.uploader.PackageFetcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages hold the topology's code and config: the uploader and the fetcher keep them owner-only. */
class LocalFileUploaderTest {
    @TempDir
    Path tmp;

    @Test
    void thePackageAndItsDirectoryAreTheOwnersOnly() throws Exception {
        Path pkg = Files.writeString(tmp.resolve("topology.tar.gz"), "bytes");
        Files.setPosixFilePermissions(pkg, PosixFilePermissions.fromString("rw-r--r--"));
        Path packages = tmp.resolve("packages");
        EgretConfig config = EgretConfig.fromMap(Map.of("egret.uploader.local.dir", packages.toString()));
        LocalFileUploader uploader = new LocalFileUploader();
        uploader.initialize(config);
        URI uri = uploader.upload(pkg, "wc");
        Path uploaded = Path.of(uri);
        assertEquals("bytes", Files.readString(uploaded));
        assertEquals("rw-------", OwnerOnly.mode(uploaded));
        assertEquals("rwx------", OwnerOnly.mode(uploaded.getParent()));
        assertEquals("rwx------", OwnerOnly.mode(packages), "a packages directory the uploader creates");

        // the executor fetches into a fresh temporary file (0600), which keeps its mode
        Path fetched = Files.createTempFile(tmp, "package", ".tar.gz");
        PackageFetcher.fetch(uri, fetched, config);
        assertEquals("bytes", Files.readString(fetched));
        assertEquals("rw-------", OwnerOnly.mode(fetched));
    }
}

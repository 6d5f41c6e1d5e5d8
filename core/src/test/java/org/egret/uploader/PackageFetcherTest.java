package org.egret.uploader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each URI scheme goes to the {@link PackageSource} of that type; core's own copies file: URIs. */
class PackageFetcherTest {
    @TempDir
    Path tmp;

    /** Registered below through a META-INF/services file of a throw-away class loader. */
    @PluginType("mem")
    public static final class MemorySource implements PackageSource {
        @Override
        public void fetch(URI uri, Path target) throws IOException {
            Files.writeString(target, "from " + uri);
        }
    }

    private ClassLoader loaderWith(String... sources) throws IOException {
        Path services = Files.createDirectories(tmp.resolve("cp/META-INF/services"));
        Files.write(services.resolve(PackageSource.class.getName()), List.of(sources));
        return new URLClassLoader(
                new URL[] {tmp.resolve("cp").toUri().toURL()}, getClass().getClassLoader());
    }

    @Test
    void copiesFileUrisAndBarePaths() throws IOException {
        Path pkg = Files.writeString(tmp.resolve("p.tar.gz"), "bytes");
        Path a = tmp.resolve("a");
        PackageFetcher.fetch(pkg.toUri(), a, EgretConfig.defaults());
        assertEquals("bytes", Files.readString(a));
        Path b = tmp.resolve("b");
        PackageFetcher.fetch(URI.create(pkg.toString()), b, EgretConfig.defaults());
        assertEquals("bytes", Files.readString(b));
    }

    @Test
    void otherSchemesGoToTheSourceThatHandlesThem() throws IOException {
        Path target = tmp.resolve("t");
        PackageFetcher.fetch(
                URI.create("mem://x/pkg"), target, EgretConfig.defaults(), loaderWith(MemorySource.class.getName()));
        assertEquals("from mem://x/pkg", Files.readString(target));
    }

    @Test
    void anUnhandledSchemeIsNamed() throws IOException {
        ClassLoader loader = loaderWith(MemorySource.class.getName());
        IOException e = assertThrows(
                IOException.class,
                () -> PackageFetcher.fetch(
                        URI.create("hdfs://nn/p"), tmp.resolve("t"), EgretConfig.defaults(), loader));
        assertTrue(
                e.getMessage()
                        .startsWith("no package source for 'hdfs' URIs (hdfs://nn/p): no PackageSource of type "
                                + "'hdfs' is installed; the known types are file, mem"),
                e.getMessage());
        assertTrue(e.getMessage().contains("egret-uploader-hdfs"), e.getMessage());
    }

    @Test
    void aBrokenRegistrationIsReported() throws IOException {
        ClassLoader loader = loaderWith("org.egret.uploader.NoSuchSource");
        IOException e = assertThrows(
                IOException.class,
                () -> PackageFetcher.fetch(URI.create("mem://x"), tmp.resolve("t"), EgretConfig.defaults(), loader));
        assertTrue(e.getMessage().startsWith("cannot load a package source: "), e.getMessage());
    }
}

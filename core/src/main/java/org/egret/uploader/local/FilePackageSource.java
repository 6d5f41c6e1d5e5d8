package org.egret.uploader.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.egret.plugin.PluginType;
import org.egret.uploader.PackageSource;

/** Copies {@code file:} packages (and bare paths), which the local uploader leaves. */
@PluginType("file")
public final class FilePackageSource implements PackageSource {
    @Override
    public void fetch(URI uri, Path target) throws IOException {
        // into the target itself, which keeps its mode (a fresh temporary file is 0600)
        try (InputStream in = Files.newInputStream(Path.of(uri.getScheme() == null ? URI.create("file:" + uri) : uri));
                OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        }
    }
}

package org.egret.uploader.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.egret.config.EgretConfig;
import org.egret.files.OwnerOnly;
import org.egret.plugin.PluginType;
import org.egret.runtime.RootedPath;
import org.egret.uploader.Uploader;
import org.egret.uploader.UploaderKeys;

/** Copies packages into a directory; the URI is a {@code file:} URI. */
@PluginType("local")
public final class LocalFileUploader implements Uploader {
    private Path dir;

    @Override
    public void initialize(EgretConfig config) {
        dir = Path.of(config.get(UploaderKeys.LOCAL_DIR)).toAbsolutePath();
    }

    @Override
    public URI upload(Path packageFile, String topology) {
        try {
            // owner-only: a package holds the topology's code and its config
            Path topoDir = OwnerOnly.directory(dir.resolve(topology));
            Path target = topoDir.resolve(packageFile.getFileName());
            if (Files.exists(target)) {
                throw new IllegalStateException("a package for '" + topology + "' is already uploaded at " + target);
            }
            Path tmp = OwnerOnly.tempFile(topoDir, ".upload", ".tmp");
            // into the 0600 file itself: Files.copy would replace it with one of the default mode
            try (OutputStream out = Files.newOutputStream(tmp)) {
                Files.copy(packageFile, out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target.toUri();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload to " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean holds(URI packageUri) {
        return resolve(packageUri).isPresent();
    }

    /** The package's real path, if strictly inside the directory; a URI that is no file path is not. */
    private Optional<Path> resolve(URI packageUri) {
        Path p;
        try {
            p = Path.of(packageUri);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return Optional.empty();
        }
        return RootedPath.inside(dir, p);
    }

    @Override
    public void delete(URI packageUri) {
        // the real path checked is the one removed: a symlink cannot turn the check and the delete apart
        Path p = resolve(packageUri)
                .orElseThrow(() -> new IllegalArgumentException(
                        packageUri + " is not inside the local uploader's directory " + dir + "; not deleted"));
        try {
            Files.deleteIfExists(p);
            Path parent = p.getParent();
            if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)
                    || RootedPath.inside(dir, parent).isEmpty()) {
                return;
            }
            try (var s = Files.list(parent)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(parent);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}

package org.egret.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks the {@code resources/} directory of a topology jar into the container's code directory, as
 * Storm's supervisor does: Storm's {@code TopologyContext.getCodeDir()} names that directory, and
 * ShellBolt and ShellSpout start their subprocess in it, so a multilang script and the {@code storm.py}
 * it imports must be there.
 */
public final class JarResources {
    private static final Logger LOG = LoggerFactory.getLogger(JarResources.class);

    /** The jar's directory that is unpacked (Storm's {@code ConfigUtils.RESOURCES_SUBDIR}). */
    public static final String PREFIX = "resources/";

    /** What an entry that records no Unix mode gets, as a file written by {@code tar} would. */
    private static final String DEFAULT_MODE = "rw-r--r--";
    /** Bits an unpacked file may keep from its entry: no group or world write, no set-id. */
    private static final Set<PosixFilePermission> KEPT = PosixFilePermissions.fromString("rwxr-xr-x");

    private JarResources() {}

    /**
     * Replaces {@code dir} with the files under {@code resources/} in {@code jar}, keeping their Unix
     * modes (without group and world write), so that a script marked executable in the jar is executable
     * here. The directory is created even when the jar has no such files (or no jar exists), since
     * multilang components change into it. An entry whose path would leave {@code dir} (a {@code ..}
     * element, an absolute path) fails the whole unpacking before anything is written.
     *
     * @return how many files were unpacked
     */
    public static int extract(Path jar, Path dir) throws IOException {
        DirectoryTree.delete(dir);
        Files.createDirectories(dir);
        if (!Files.exists(jar)) {
            return 0;
        }
        Path base = dir.toRealPath();
        Map<String, Set<PosixFilePermission>> modes = modes(jar);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Map<ZipEntry, Path> files = new HashMap<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.isDirectory() || !entry.getName().startsWith(PREFIX)) {
                    continue;
                }
                files.put(entry, target(base, entry.getName()));
            }
            for (Map.Entry<ZipEntry, Path> f : files.entrySet()) {
                Files.createDirectories(f.getValue().getParent());
                try (InputStream in = zip.getInputStream(f.getKey())) {
                    Files.copy(in, f.getValue(), StandardCopyOption.REPLACE_EXISTING);
                }
                Set<PosixFilePermission> mode =
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
                Set<PosixFilePermission> recorded =
                        modes.getOrDefault(f.getKey().getName(), PosixFilePermissions.fromString(DEFAULT_MODE));
                recorded.stream().filter(KEPT::contains).forEach(mode::add);
                Files.setPosixFilePermissions(f.getValue(), mode);
            }
            return files.size();
        }
    }

    /** Where entry {@code name} goes below {@code base}; refuses a name that leads anywhere else. */
    static Path target(Path base, String name) throws IOException {
        String relative = name.substring(PREFIX.length());
        Path target;
        try {
            target = base.resolve(relative).normalize();
        } catch (InvalidPathException e) {
            throw new IOException("refusing to unpack entry '" + name + "': " + e.getMessage());
        }
        if (Path.of(relative).isAbsolute() || !target.startsWith(base) || target.equals(base)) {
            throw new IOException("refusing to unpack entry '" + name + "': it would be written outside " + base);
        }
        return target;
    }

    /**
     * The Unix mode each entry records (by entry name), read through the JDK's zip file system, which
     * exposes them. That file system refuses a jar with unusual entry names (e.g. a {@code ..} element
     * anywhere, where the JVM's class loader does not mind): the files then get the default mode.
     */
    private static Map<String, Set<PosixFilePermission>> modes(Path jar) throws IOException {
        Map<String, Set<PosixFilePermission>> modes = new HashMap<>();
        try (FileSystem fs = FileSystems.newFileSystem(
                jar, Map.of("enablePosixFileAttributes", "true", "defaultPermissions", DEFAULT_MODE))) {
            Path root = fs.getPath("/" + PREFIX);
            if (!Files.isDirectory(root)) {
                return modes;
            }
            try (var walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    modes.put(p.toString().substring(1), Files.getPosixFilePermissions(p));
                }
            }
        } catch (ZipException | UnsupportedOperationException e) {
            LOG.warn(
                    "cannot read the file modes of {} ({}); its resources get mode {}",
                    jar,
                    e.getMessage(),
                    DEFAULT_MODE);
        }
        return modes;
    }
}

package org.egret.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories (0700) and files (0600) that only the user running Egret may read: topology state,
 * packages and container directories hold the topology's code, config and secret. The modes are
 * given at creation, so no moment exists when others could open them; the umask can only take
 * bits away.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /**
     * Creates {@code dir} and its missing parents with mode 0700. An existing {@code dir} that others
     * may enter is narrowed to 0700: call this only for directories Egret names itself (a topology's,
     * a state family), never for a configured root that may be shared, such as {@code /tmp}.
     * Existing parents are left as they are.
     */
    public static Path directory(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            if (!DIRECTORY.containsAll(Files.getPosixFilePermissions(abs))) {
                Files.setPosixFilePermissions(abs, DIRECTORY);
            }
            return dir;
        }
        Path parent = abs.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            directory(parent);
        }
        try {
            Files.createDirectory(abs, directoryAttribute());
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
            // made meanwhile by another process of the same user (with the same mode)
        }
        return dir;
    }

    /** Whether users other than its owner may read, write or enter {@code p}. */
    public static boolean othersMayAccess(Path p) throws IOException {
        for (PosixFilePermission perm : Files.getPosixFilePermissions(p)) {
            if (!DIRECTORY.contains(perm)) {
                return true;
            }
        }
        return false;
    }

    /** {@code p}'s mode as {@code rwxr-x---}, for messages. */
    public static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** A new empty file in {@code dir}, mode 0600. */
    public static Path tempFile(Path dir, String prefix, String suffix) throws IOException {
        return Files.createTempFile(dir, prefix, suffix, fileAttribute());
    }

    public static FileAttribute<Set<PosixFilePermission>> directoryAttribute() {
        return PosixFilePermissions.asFileAttribute(DIRECTORY);
    }

    public static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }
}

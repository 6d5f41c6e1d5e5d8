package org.egret.instance;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's pid directory ({@code TopologyContext}'s pidDir), where Storm's multilang subprocesses
 * record themselves: {@code storm.py} creates an empty file named by its pid there. Storm's supervisor
 * kills every pid found there when it ends a worker; Egret's task does it when it starts again, so that
 * the subprocesses of an incarnation that could not clean up (killed with SIGKILL) do not live on.
 */
final class SubprocessPids {
    private static final Logger LOG = LoggerFactory.getLogger(SubprocessPids.class);

    private SubprocessPids() {}

    /**
     * Ends each process a file of {@code pidDir} names and removes the files. A process that started
     * after its file was written is not the one that wrote it (its pid was reused) and is left alone.
     *
     * @return how many processes were ended
     */
    static int endLeftovers(Path pidDir) {
        if (!Files.isDirectory(pidDir)) {
            return 0;
        }
        int ended = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pidDir)) {
            for (Path f : files) {
                if (end(f)) {
                    ended++;
                }
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warn("cannot read the pid directory {}", pidDir, e);
        }
        return ended;
    }

    private static boolean end(Path pidFile) throws IOException {
        long pid;
        try {
            pid = Long.parseLong(pidFile.getFileName().toString());
        } catch (NumberFormatException e) {
            return false;
        }
        Instant written = Files.getLastModifiedTime(pidFile).toInstant();
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty()
                || p.get()
                        .info()
                        .startInstant()
                        .map(s -> s.isAfter(written.plusSeconds(1)))
                        .orElse(true)) {
            return false;
        }
        LOG.warn("ending subprocess {} that an earlier incarnation of this task left running", pid);
        p.get().destroyForcibly();
        try {
            p.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("subprocess {} did not end in 5 s", pid);
        }
        return true;
    }
}

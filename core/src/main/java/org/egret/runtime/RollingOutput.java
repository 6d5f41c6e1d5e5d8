package org.egret.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file that never grows past {@code maxBytes}: a write that would cross the cap first renames
 * {@code f} to {@code f.1} (and {@code f.1} to {@code f.2}, ...), dropping the oldest, so at most
 * {@code maxFiles} files of at most {@code maxBytes} each exist. Newest rolled file is {@code .1}: the
 * processes' logs ({@link ProcessLogHandler}) and their captured output are rolled alike. {@link #write} may split a line across two files; {@link #writeWhole} does not.
 */
public final class RollingOutput implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RollingOutput.class);

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private OutputStream out;
    private long size;

    public RollingOutput(Path file, long maxBytes, int maxFiles) throws IOException {
        if (maxBytes <= 0 || maxFiles < 1) {
            throw new IllegalArgumentException("maxBytes must be > 0 and maxFiles >= 1");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        open();
    }

    private void open() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // a restarted child appends to what its predecessor left, and that counts against the cap
        out = new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND), 16 * 1024);
        size = Files.size(file);
    }

    public Path file() {
        return file;
    }

    public synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (size >= maxBytes) {
                roll();
            }
            int n = (int) Math.min(len, maxBytes - size);
            out.write(b, off, n);
            size += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Writes {@code b} into one file: rolls first if it would cross the cap, so records (e.g. lines)
     * are never split; a record larger than the cap gets a file of its own.
     */
    public synchronized void writeWhole(byte[] b) throws IOException {
        if (size > 0 && size + b.length > maxBytes) {
            roll();
        }
        out.write(b);
        size += b.length;
    }

    private void roll() throws IOException {
        out.close();
        if (maxFiles == 1) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(rolled(maxFiles - 1));
            for (int i = maxFiles - 2; i >= 1; i--) {
                moveIfExists(rolled(i), rolled(i + 1));
            }
            moveIfExists(file, rolled(1));
        }
        open();
    }

    private Path rolled(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            // nothing rolled that far yet
        }
    }

    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /**
     * Copies {@code in} (a child's stdout) into this file on a daemon thread until it ends. The read
     * buffer is small and fixed; each chunk is flushed at once so a crash report is on disk before the
     * supervisor looks.
     */
    public Thread pump(InputStream in, String threadName) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[8192];
                    try (in) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            write(buf, 0, n);
                            flush();
                        }
                    } catch (IOException e) {
                        LOG.warn("output of {} into {} stopped: {}", threadName, file, e.toString());
                    }
                },
                threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }
}

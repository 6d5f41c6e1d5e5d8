package org.egret.scheduler.mesos.sim;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * The simulated Mesos master's fetcher: puts each URI of a task into its sandbox as the Mesos
 * fetcher does (Mesos 1.11's fetcher documentation): the file under its base name (or
 * {@code output_file}); archives extracted when {@code extract} is set; with {@code cache}, one
 * download per URI and only the extraction in the sandbox. file://, absolute paths and http(s).
 */
final class SimulatedFetcher {
    private final Path cacheDir;

    SimulatedFetcher(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    void fetch(CommandInfo.URI uri, Path sandbox) throws IOException, InterruptedException {
        String value = uri.getValue();
        String name = uri.hasOutputFile() ? uri.getOutputFile() : value.substring(value.lastIndexOf('/') + 1);
        boolean archive =
                uri.getExtract() && (name.endsWith(".tar.gz") || name.endsWith(".tgz") || name.endsWith(".tar"));
        Path source;
        if (uri.getCache()) {
            source = cacheDir.resolve(Integer.toHexString(value.hashCode()) + "-" + name);
            synchronized (this) {
                if (!Files.exists(source)) {
                    download(value, source);
                }
            }
        } else {
            source = sandbox.resolve(name);
            download(value, source);
        }
        if (archive) {
            Process tar = new ProcessBuilder("tar", "xf", source.toString(), "-C", sandbox.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
                throw new IOException("failed to extract " + source + ": " + out);
            }
        }
        if (uri.getExecutable()) {
            source.toFile().setExecutable(true);
        }
    }

    private static void download(String value, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        URI u = value.startsWith("/") ? Path.of(value).toUri() : URI.create(value);
        switch (u.getScheme()) {
            case "file" -> {
                Path from = Path.of(u);
                if (!Files.isRegularFile(from)) {
                    throw new IOException("Failed to fetch '" + value + "': no such file");
                }
                try {
                    Files.createLink(target, from); // the same bytes as a copy, without copying 100 MB per task
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(from, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            case "http", "https" -> {
                try (InputStream in = u.toURL().openStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            default ->
                throw new IOException("Failed to fetch '" + value + "': unsupported scheme in the simulated fetcher");
        }
    }
}

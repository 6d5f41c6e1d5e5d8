package org.egret.metricsmgr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.proto.MetricsBatch;
import org.egret.runtime.ProcessOptions;
import org.egret.runtime.RollingOutput;

/**
 * Appends one JSON object per metrics batch to {@code <container>/metrics/metrics.jsonl}; at
 * {@code egret.metricsmgr.file.max.bytes} the file rolls to {@code metrics.jsonl.1}, ... and only
 * {@code egret.metricsmgr.file.max.files} files are kept. A line is never split across two files.
 */
@PluginType("file")
public final class FileSink implements MetricsSink {
    private EgretConfig config;
    public static final String FILE_NAME = "metrics.jsonl";

    private Path file;
    private RollingOutput out;

    @Override
    public void initialize(EgretConfig config) {
        this.config = config;
    }

    @Override
    public void start(ProcessOptions options) {
        open(
                options.dirs().metrics().resolve(FILE_NAME),
                config.get(MetricsMgrKeys.FILE_MAX_BYTES),
                config.get(MetricsMgrKeys.FILE_MAX_FILES));
    }

    /** Opens (appending to) the given file with the default caps. */
    public void open(Path target) {
        open(target, MetricsMgrKeys.FILE_MAX_BYTES.defaultValue(), MetricsMgrKeys.FILE_MAX_FILES.defaultValue());
    }

    /** Opens (appending to) the given file; what {@link #init} does with the container's path. */
    public void open(Path target, long maxBytes, int maxFiles) {
        file = target;
        try {
            out = new RollingOutput(target, maxBytes, maxFiles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics file " + target, e);
        }
    }

    @Override
    public void write(MetricsBatch batch) {
        try {
            out.writeWhole((MetricsJsonLine.render(batch, System.currentTimeMillis()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}

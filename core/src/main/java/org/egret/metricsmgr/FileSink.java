package org.egret.metricsmgr;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.egret.config.EgretConfig;
import org.egret.proto.MetricsBatch;
import org.egret.runtime.ProcessOptions;

/** Appends one JSON object per metrics batch to {@code <container>/metrics/metrics.jsonl}. */
public final class FileSink implements MetricsSink {
  public static final String FILE_NAME = "metrics.jsonl";

  private Path file;
  private BufferedWriter out;

  @Override
  public void init(EgretConfig config, ProcessOptions options) {
    open(options.dirs().metrics().resolve(FILE_NAME));
  }

  /** Opens (appending to) the given file; what {@link #init} does with the container's path. */
  public void open(Path target) {
    file = target;
    try {
      Files.createDirectories(target.getParent());
      out = Files.newBufferedWriter(target, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open metrics file " + target, e);
    }
  }

  @Override
  public void write(MetricsBatch batch) {
    try {
      out.write(MetricsJsonLine.render(batch, System.currentTimeMillis()));
      out.write('\n');
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

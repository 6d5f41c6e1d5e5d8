package org.egret.metricsmgr;

import java.util.List;
import java.util.function.Consumer;
import org.egret.proto.MetricsBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every batch to every sink; a sink that throws is logged and skipped, never fatal. */
public final class SinkFanout {
    private static final Logger LOG = LoggerFactory.getLogger(SinkFanout.class);

    private final List<MetricsSink> sinks;

    public SinkFanout(List<MetricsSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    public void write(MetricsBatch batch) {
        each("write", s -> s.write(batch));
    }

    public void flush() {
        each("flush", MetricsSink::flush);
    }

    public void close() {
        each("flush", MetricsSink::flush);
        each("close", MetricsSink::close);
    }

    private void each(String op, Consumer<MetricsSink> action) {
        for (MetricsSink sink : sinks) {
            try {
                action.accept(sink);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("metrics sink {} failed to {}: {}", sink.getClass().getName(), op, e.toString());
            }
        }
    }
}

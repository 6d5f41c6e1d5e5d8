package org.egret.examples.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;
import org.apache.storm.metric.api.IMetricsConsumer;
import org.apache.storm.task.IErrorReporter;
import org.apache.storm.task.TopologyContext;

/**
 * A metrics consumer that appends what it receives to the file named by its registration argument: a line
 * {@code prepared <its component> <its task>} first, then per data point
 * {@code <source component> <source task> <interval secs> <name> <value> ;} (the trailing {@code ;} marks a
 * line written whole).
 */
public final class RecordingMetricsConsumer implements IMetricsConsumer {
    private Path file;

    @Override
    public void prepare(
            Map<String, Object> conf,
            Object registrationArgument,
            TopologyContext context,
            IErrorReporter errorReporter) {
        file = Path.of((String) registrationArgument);
        append("prepared " + context.getThisComponentId() + " " + context.getThisTaskId() + " ;\n");
    }

    @Override
    public void handleDataPoints(TaskInfo taskInfo, Collection<DataPoint> dataPoints) {
        StringBuilder sb = new StringBuilder();
        for (DataPoint p : dataPoints) {
            sb.append(taskInfo.srcComponentId)
                    .append(' ')
                    .append(taskInfo.srcTaskId)
                    .append(' ')
                    .append(taskInfo.updateIntervalSecs)
                    .append(' ')
                    .append(p.name)
                    .append(' ')
                    .append(p.value)
                    .append(" ;\n");
        }
        append(sb.toString());
    }

    private void append(String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void cleanup() {}
}

package org.egret.metricsmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricsBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
    @TempDir
    Path dir;

    private static MetricsBatch batch(String source, String... nameValues) {
        MetricsBatch.Builder b = MetricsBatch.newBuilder()
                .setSource(source)
                .setComponent("count")
                .setTaskId(4)
                .setTimestampMs(1234);
        for (int i = 0; i < nameValues.length; i += 2) {
            b.addMetrics(MetricDatum.newBuilder().setName(nameValues[i]).setValue(nameValues[i + 1]));
        }
        return b.build();
    }

    private static Struct parse(String line) throws InvalidProtocolBufferException {
        Struct.Builder s = Struct.newBuilder();
        JsonFormat.parser().merge(line, s);
        return s.build();
    }

    @Test
    void writesOneJsonObjectPerLine() throws Exception {
        Path file = dir.resolve("metrics").resolve(FileSink.FILE_NAME);
        FileSink sink = new FileSink();
        sink.open(file);
        String text = "tab\there \"quoted\" \\ \u0001 \u00e9\u65e5\ud83d\ude00";
        sink.write(batch(
                "count/4",
                "emitted",
                "12",
                "latency",
                "-0.5e3",
                "name",
                text,
                "map",
                "{\"a\":1,\"b\":[2,3]}",
                "list",
                "[1,2]",
                "leading-zero",
                "007",
                "nan",
                "NaN"));
        sink.write(batch("stmgr-1"));
        sink.close();

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        Struct first = parse(lines.get(0));
        assertEquals(1234, first.getFieldsOrThrow("timestamp").getNumberValue());
        assertEquals("count/4", first.getFieldsOrThrow("source").getStringValue());
        assertEquals("count", first.getFieldsOrThrow("component").getStringValue());
        assertEquals(4, first.getFieldsOrThrow("task").getNumberValue());
        Struct metrics = first.getFieldsOrThrow("metrics").getStructValue();
        assertEquals(12, metrics.getFieldsOrThrow("emitted").getNumberValue());
        assertEquals(-500, metrics.getFieldsOrThrow("latency").getNumberValue());
        assertEquals(text, metrics.getFieldsOrThrow("name").getStringValue());
        Struct map = metrics.getFieldsOrThrow("map").getStructValue();
        assertEquals(1, map.getFieldsOrThrow("a").getNumberValue());
        assertEquals(Value.KindCase.LIST_VALUE, metrics.getFieldsOrThrow("list").getKindCase());
        assertEquals("007", metrics.getFieldsOrThrow("leading-zero").getStringValue());
        assertEquals("NaN", metrics.getFieldsOrThrow("nan").getStringValue());

        Struct second = parse(lines.get(1));
        assertEquals(0, second.getFieldsOrThrow("metrics").getStructValue().getFieldsCount());
    }

    @Test
    void appendsAcrossRestarts() throws Exception {
        Path file = dir.resolve(FileSink.FILE_NAME);
        for (int i = 0; i < 2; i++) {
            FileSink sink = new FileSink();
            sink.open(file);
            sink.write(batch("s", "n", Integer.toString(i)));
            sink.close();
        }
        assertEquals(2, Files.readAllLines(file).size());
    }

    @Test
    void rollsAtItsCapKeepsBoundedFilesAndWholeLines() throws Exception {
        Path file = dir.resolve(FileSink.FILE_NAME);
        FileSink sink = new FileSink();
        sink.open(file, 4096, 3);
        for (int i = 0; i < 500; i++) {
            sink.write(batch("count/" + i, "emitted", Integer.toString(i)));
            sink.flush();
            long total = 0;
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    total += Files.size(p);
                }
            }
            assertTrue(total <= 3 * 4096, "metrics files hold " + total + " bytes");
        }
        sink.close();
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of("metrics.jsonl", "metrics.jsonl.1", "metrics.jsonl.2"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String name : List.of("metrics.jsonl", "metrics.jsonl.1", "metrics.jsonl.2")) {
            for (String line : Files.readAllLines(dir.resolve(name))) {
                parse(line);
            }
        }
        List<String> live = Files.readAllLines(file);
        assertEquals(
                "count/499",
                parse(live.get(live.size() - 1)).getFieldsOrThrow("source").getStringValue());
    }
}

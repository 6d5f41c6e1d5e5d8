package org.egret.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleCurveTest {
    private static final List<ScaleCurve.Point> POINTS = List.of(
            new ScaleCurve.Point(8, 2, 14.4, 18, 2318L << 10, 6.75e6, 1.97),
            new ScaleCurve.Point(16, 4, 27.7, 32, 4248L << 10, 5.32e6, 1.98));

    @Test
    void aRowSaysPerTaskWhatTheRunTook() {
        assertEquals("| 8 | 2 | 18 | 14.4 s | 2318 MB | 290 MB | 6.75 M | 1.97 |", ScaleCurve.row(POINTS.get(0)));
    }

    @Test
    void theTableReplacesOnlyWhatStandsBetweenItsMarkers(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# before\n");
        ScaleCurve.writeInto(readme, "old table\n");
        Files.writeString(readme, Files.readString(readme) + "# after\n");
        ScaleCurve.writeInto(readme, ScaleCurve.table(POINTS));
        String text = Files.readString(readme);
        assertTrue(text.startsWith("# before\n"), text);
        assertTrue(text.endsWith(ScaleCurve.END + "\n# after\n"), text);
        assertTrue(text.contains("| 16 | 4 | 32 | 27.7 s |"), text);
        assertFalse(text.contains("old table"), text);
    }

    @Test
    void thePlotIsAPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("curve.png");
        ScaleCurve.plot(POINTS, png);
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 8);
        assertEquals("\u0089PNG", new String(head, 0, 4, StandardCharsets.ISO_8859_1));
    }
}

package org.egret.scheduler.mesos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordIoTest {
    private static byte[] stream(List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach(r -> out.writeBytes(RecordIo.encode(r)));
        return out.toByteArray();
    }

    @Test
    void decodesWhenSplitAtEveryByteBoundary() {
        List<byte[]> records = List.of(
                "hello".getBytes(StandardCharsets.UTF_8),
                new byte[0],
                "0123456789abc".getBytes(StandardCharsets.UTF_8),
                new byte[] {'\n', '1', '0', '\n'});
        byte[] all = stream(records);
        for (int a = 0; a <= all.length; a++) {
            for (int b = a; b <= all.length; b++) {
                RecordIo d = new RecordIo();
                List<byte[]> got = new ArrayList<>(d.feed(all, 0, a));
                got.addAll(d.feed(all, a, b - a));
                got.addAll(d.feed(all, b, all.length - b));
                assertEquals(records.size(), got.size(), "split at " + a + "," + b);
                for (int i = 0; i < records.size(); i++) {
                    assertArrayEquals(records.get(i), got.get(i), "record " + i + " split at " + a + "," + b);
                }
            }
        }
    }

    @Test
    void decodesLargeRecordsFedInRandomPieces() {
        Random rnd = new Random(7);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] r = new byte[1 + rnd.nextInt(3 << 20)];
            rnd.nextBytes(r);
            records.add(r);
        }
        byte[] all = stream(records);
        RecordIo d = new RecordIo();
        List<byte[]> got = new ArrayList<>();
        int off = 0;
        while (off < all.length) {
            int n = Math.min(all.length - off, 1 + rnd.nextInt(100_000));
            got.addAll(d.feed(all, off, n));
            off += n;
        }
        assertEquals(records.size(), got.size());
        for (int i = 0; i < records.size(); i++) {
            assertArrayEquals(records.get(i), got.get(i));
        }
    }

    @Test
    void rejectsGarbageLengths() {
        assertThrows(IllegalStateException.class, () -> new RecordIo().feed("12x\n".getBytes(), 0, 4));
        assertThrows(IllegalStateException.class, () -> new RecordIo().feed("99999999999\n".getBytes(), 0, 12));
        assertThrows(IllegalStateException.class, () -> new RecordIo().feed("\n".getBytes(), 0, 1));
    }
}

package org.egret.metricsmgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.egret.config.EgretConfig;
import org.junit.jupiter.api.Test;

class GraphiteSinkTest {
    private static EgretConfig config(int port) {
        return EgretConfig.fromMap(Map.of(
                "egret.metricsmgr.graphite.address",
                "127.0.0.1:" + port,
                "egret.metricsmgr.retry.min.ms",
                "10",
                "egret.metricsmgr.retry.max.ms",
                "50"));
    }

    @Test
    void sendsPlaintextLines() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10000);
            GraphiteSink sink = new GraphiteSink();
            sink.start(config(listener.getLocalPort()), "wc");
            try {
                sink.write(PrometheusSinkTest.batch(
                        "split", 4, "emitted", "15", "executed/sentences:default", "3", "m", "{\"k.1\":2}"));
                sink.flush();
                try (Socket s = listener.accept()) {
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    List<String> lines = List.of(in.readLine(), in.readLine(), in.readLine());
                    assertEquals(
                            List.of(
                                    "egret.wc.split.4.emitted 15 1",
                                    "egret.wc.split.4.executed.sentences_default 3 1",
                                    "egret.wc.split.4.m.k_1 2 1"),
                            lines);
                }
            } finally {
                sink.close();
            }
        }
    }

    @Test
    void aDownGraphiteNeverBlocksAndGetsTheDataWhenItComesBack() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        GraphiteSink sink = new GraphiteSink();
        sink.start(config(port), "wc");
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                sink.write(PrometheusSinkTest.batch("s", 1, "emitted", Integer.toString(i)));
                sink.flush();
            }
            assertTrue(
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 1000,
                    "write/flush must not wait for Graphite");
            try (ServerSocket listener = new ServerSocket(port, 5, InetAddress.getLoopbackAddress())) {
                listener.setSoTimeout(200);
                List<String> got = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                Socket s = null;
                while (s == null && System.nanoTime() < deadline) {
                    sink.flush(); // retries are driven by the metrics manager's periodic flush
                    try {
                        s = listener.accept();
                    } catch (java.net.SocketTimeoutException e) {
                        // not yet: the back-off is running
                    }
                }
                assertTrue(s != null, "the sink never reconnected");
                try (Socket conn = s) {
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8));
                    for (int i = 0; i < 100; i++) {
                        got.add(in.readLine());
                    }
                }
                assertEquals("egret.wc.s.1.emitted 0 1", got.get(0));
                assertEquals("egret.wc.s.1.emitted 99 1", got.get(99));
            }
        } finally {
            sink.close();
        }
    }
}

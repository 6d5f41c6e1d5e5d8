package org.egret.metricsmgr;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.egret.config.EgretConfig;
import org.egret.plugin.PluginType;
import org.egret.proto.MetricsBatch;
import org.egret.runtime.Backoff;
import org.egret.runtime.ProcessOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graphite's plaintext protocol over TCP: {@code <prefix>.<topology>.<component>.<task>.<metric>[.<key>] value seconds}.
 * Lines are rendered on the metrics manager's thread and sent from this sink's own thread, so a
 * Graphite that is down or slow never blocks the metrics manager: the sender keeps the newest
 * {@code egret.metricsmgr.graphite.max.pending} lines and reconnects with a doubling back-off.
 */
@PluginType("graphite")
public final class GraphiteSink implements MetricsSink {
    private EgretConfig config;
    private static final Logger LOG = LoggerFactory.getLogger(GraphiteSink.class);
    private static final int CONNECT_TIMEOUT_MS = 2000;
    private static final int WRITE_TIMEOUT_MS = 5000;

    private String host;
    private int port;
    private String prefix;
    private String topology;
    private int maxPending;
    private Backoff backoff;
    private ExecutorService sender;

    // metrics manager thread
    private List<String> lines = new ArrayList<>();

    // sender thread
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private Socket socket;
    private long dropped;
    private boolean down;

    @Override
    public void initialize(EgretConfig config) {
        this.config = config;
    }

    @Override
    public void start(ProcessOptions options) {
        start(config, options.topology());
    }

    public void start(EgretConfig config, String topologyName) {
        String address = config.get(MetricsMgrKeys.GRAPHITE_ADDRESS);
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(
                    "egret.metricsmgr.graphite.address must be host:port, got '" + address + "'");
        }
        host = address.substring(0, colon);
        port = Integer.parseInt(address.substring(colon + 1));
        prefix = config.get(MetricsMgrKeys.GRAPHITE_PREFIX);
        topology = topologyName;
        maxPending = config.get(MetricsMgrKeys.GRAPHITE_MAX_PENDING);
        backoff = MetricsMgrKeys.retryBackoff(config);
        sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "graphite-sink");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void write(MetricsBatch batch) {
        long seconds = (batch.getTimestampMs() > 0 ? batch.getTimestampMs() : System.currentTimeMillis()) / 1000;
        String source = prefix + "." + segment(topology) + "." + segment(batch.getComponent()) + "."
                + segment(MetricPoints.task(batch)) + ".";
        MetricPoints.forEach(
                batch,
                (base, key, gauge, value) -> lines.add(source + segment(base) + (key == null ? "" : "." + segment(key))
                        + " " + format(value) + " " + seconds + "\n"));
    }

    @Override
    public void flush() {
        List<String> batch = lines;
        lines = new ArrayList<>();
        sender.execute(() -> send(batch));
    }

    private void send(List<String> newLines) {
        pending.addAll(newLines);
        while (pending.size() > maxPending) {
            pending.poll();
            dropped++;
        }
        if (pending.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        if (socket == null) {
            if (!backoff.mayTry(now)) {
                return;
            }
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
                s.setSoTimeout(WRITE_TIMEOUT_MS);
                socket = s;
            } catch (IOException e) {
                fail(now, e);
                return;
            }
        }
        try {
            StringBuilder sb = new StringBuilder(pending.size() * 64);
            pending.forEach(sb::append);
            OutputStream out = socket.getOutputStream();
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            pending.clear();
            backoff.reset();
            if (down || dropped > 0) {
                LOG.info("Graphite at {}:{} reachable again ({} lines dropped meanwhile)", host, port, dropped);
                down = false;
                dropped = 0;
            }
        } catch (IOException e) {
            fail(now, e);
        }
    }

    private void fail(long now, IOException e) {
        closeSocket();
        backoff.failed(now);
        if (!down) {
            down = true;
            LOG.warn(
                    "Graphite at {}:{} unreachable ({}); retrying with back-off, keeping the newest {} lines",
                    host,
                    port,
                    e.toString(),
                    maxPending);
        }
    }

    private void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
            socket = null;
        }
    }

    /** Graphite paths are dot-separated: anything but letters, digits, '-' and '_' becomes '_'. */
    static String segment(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
        }
        return sb.length() == 0 ? "_" : sb.toString();
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.execute(this::closeSocket);
            sender.shutdown();
            try {
                sender.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package org.egret.metricsmgr;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.egret.config.EgretConfig;
import org.egret.net.NetServer;
import org.egret.net.NodeAddress;
import org.egret.net.Wire;
import org.egret.plugin.Plugins;
import org.egret.runtime.ProcessOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics manager of one container: receives metrics batches from the container's processes and
 * fans them out to sinks. It runs inside the container's executor rather than in a JVM of its own: it
 * carries no tuples, and a JVM's own floor (about 30 MB, and half a CPU-second to start) cost more than
 * everything it does. It still has a port, an address file and an identity of its own, like every server
 * of the container.
 */
public final class MetricsManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsManager.class);

    private final SinkFanout sinks;
    private final EventLoopGroup group;
    private final NetServer server;

    private MetricsManager(SinkFanout sinks, EventLoopGroup group, NetServer server) {
        this.sinks = sinks;
        this.group = group;
        this.server = server;
    }

    /**
     * Starts the sinks and the server on {@code port} (0: any free one), and publishes its address in
     * the container's directory, where the container's processes look for it.
     */
    public static MetricsManager start(ProcessOptions opts, EgretConfig config, int port) throws InterruptedException {
        SinkFanout sinks = new SinkFanout(loadSinks(config, opts));
        // One thread: sinks are called from it alone, so they need no locking.
        EventLoopGroup group = new NioEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "metricsmgr");
            t.setDaemon(true);
            return t;
        });
        try {
            NodeAddress address = NodeAddress.from(config);
            Wire wire = Wire.control(opts.auth(config, "metricsmgr-" + opts.container()), config);
            NetServer server = NetServer.bind(
                    group,
                    address.bindAddress(),
                    port,
                    wire.acceptingPlainFromThisHost(),
                    () -> new MetricsServerHandler(sinks));
            long flushMs = config.get(MetricsMgrKeys.FLUSH_MS);
            group.next().scheduleAtFixedRate(sinks::flush, flushMs, flushMs, TimeUnit.MILLISECONDS);
            opts.dirs().writeAddress("metricsmgr", address.advertisedHost(), server.port());
            LOG.info(
                    "metrics manager of {} container {} listening on {}:{}",
                    opts.topology(),
                    opts.container(),
                    address,
                    server.port());
            return new MetricsManager(sinks, group, server);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            sinks.close();
            throw e;
        }
    }

    /** Stops accepting, then flushes and closes the sinks on their own thread. */
    @Override
    public void close() {
        server.close();
        try {
            group.submit(sinks::close).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing sinks: {}", e.toString());
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    static List<MetricsSink> loadSinks(EgretConfig config, ProcessOptions opts) {
        List<MetricsSink> sinks = new ArrayList<>();
        for (String type : config.get(MetricsMgrKeys.SINKS)) {
            MetricsSink sink = null;
            try {
                sink = Plugins.open(MetricsSink.class, type, config, MetricsSink.class.getClassLoader());
                sink.start(opts);
                sinks.add(sink);
            } catch (RuntimeException e) {
                if (sink != null) {
                    sink.close();
                }
                // A broken sink must not take the others (or the container) down with it.
                LOG.error("metrics sink {} could not be started; skipping it", type, e);
            }
        }
        return sinks;
    }
}

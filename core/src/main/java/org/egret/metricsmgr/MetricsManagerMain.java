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
import org.egret.runtime.ParentWatch;
import org.egret.runtime.ProcessOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The metrics manager of one container: receives metrics batches and fans them out to sinks. */
public final class MetricsManagerMain {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsManagerMain.class);

    private MetricsManagerMain() {}

    public static void main(String[] args) throws Exception {
        ProcessOptions opts = ProcessOptions.parse(args);
        ParentWatch.start(opts.parentPid());
        EgretConfig config = opts.loadConfig();
        SinkFanout sinks = new SinkFanout(loadSinks(config, opts));

        // One thread: sinks are called from it alone, so they need no locking.
        EventLoopGroup group = new NioEventLoopGroup(1);
        NodeAddress address = NodeAddress.from(config);
        Wire wire = Wire.control(opts.auth(config, "metricsmgr-" + opts.container()), config);
        NetServer server = NetServer.bind(
                group,
                address.bindAddress(),
                opts.port(),
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

        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            try {
                                group.submit(sinks::close).get(5, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                LOG.warn("closing sinks: {}", e.toString());
                            }
                            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                        },
                        "metricsmgr-shutdown"));
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

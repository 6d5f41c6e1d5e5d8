package org.egret.metricsmgr;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.egret.net.NodeAddress;
import org.egret.config.EgretConfig;
import org.egret.net.NetServer;
import org.egret.net.Wire;
import org.egret.runtime.ParentWatch;
import org.egret.runtime.ProcessOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The metrics manager of one container: receives metrics batches and fans them out to sinks. */
public final class MetricsManagerMain {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsManagerMain.class);

  /** Short names usable in {@code egret.metricsmgr.sinks}; any other entry is a class name. */
  static final Map<String, String> SINK_NAMES = Map.of(
      "file", FileSink.class.getName(),
      "tmaster", TMasterSink.class.getName(),
      "prometheus", PrometheusSink.class.getName(),
      "graphite", GraphiteSink.class.getName());

  private MetricsManagerMain() {
  }

  public static void main(String[] args) throws Exception {
    ProcessOptions opts = ProcessOptions.parse(args);
    ParentWatch.start(opts.parentPid());
    EgretConfig config = opts.loadConfig();
    SinkFanout sinks = new SinkFanout(loadSinks(config, opts));

    // One thread: sinks are called from it alone, so they need no locking.
    EventLoopGroup group = new NioEventLoopGroup(1);
    NodeAddress address = NodeAddress.from(config);
    Wire wire = Wire.control(opts.auth(config, "metricsmgr-" + opts.container()), config);
    NetServer server = NetServer.bind(group, address.bindAddress(), opts.port(), wire.acceptingPlainFromThisHost(),
        () -> new MetricsServerHandler(sinks));
    long flushMs = config.get(MetricsMgrKeys.FLUSH_MS);
    group.next().scheduleAtFixedRate(sinks::flush, flushMs, flushMs, TimeUnit.MILLISECONDS);
    opts.dirs().writeAddress("metricsmgr", address.advertisedHost(), server.port());
    LOG.info("metrics manager of {} container {} listening on {}:{}", opts.topology(), opts.container(),
        address, server.port());

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      try {
        group.submit(sinks::close).get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("closing sinks: {}", e.toString());
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }, "metricsmgr-shutdown"));
  }

  static List<MetricsSink> loadSinks(EgretConfig config, ProcessOptions opts) {
    List<MetricsSink> sinks = new ArrayList<>();
    for (String name : config.get(MetricsMgrKeys.SINKS)) {
      try {
        MetricsSink sink = (MetricsSink) Class.forName(SINK_NAMES.getOrDefault(name, name))
            .getDeclaredConstructor().newInstance();
        sink.init(config, opts);
        sinks.add(sink);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // A broken sink must not take the others (or the container) down with it.
        LOG.error("metrics sink {} could not be started; skipping it", name, e);
      }
    }
    return sinks;
  }
}

package org.egret.metricsmgr;

import com.google.protobuf.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.egret.config.EgretConfig;
import org.egret.net.NetClient;
import org.egret.net.NodeAddress;
import org.egret.net.Wire;
import org.egret.plugin.PluginType;
import org.egret.proto.ExceptionLog;
import org.egret.proto.MetricDatum;
import org.egret.proto.MetricsBatch;
import org.egret.proto.MetricsPublish;
import org.egret.proto.TMasterLocation;
import org.egret.runtime.Backoff;
import org.egret.runtime.ProcessOptions;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards metrics and reported exceptions to the topology master (for the Tracker), one
 * {@link MetricsPublish} per flush. All network work, including looking the TM up in the state
 * manager, runs on this sink's own thread: the metrics manager's thread only hands batches over,
 * so a TM that is down, moving or slow never delays the other sinks. While the TM is unreachable
 * the newest {@code egret.metricsmgr.tmaster.max.pending} batches are kept.
 */
@PluginType("tmaster")
public final class TMasterSink implements MetricsSink {
    private EgretConfig config;
    private static final Logger LOG = LoggerFactory.getLogger(TMasterSink.class);

    private EventLoopGroup group;
    private EventLoop loop;
    private StateManager state;
    private String topology;
    private int container;
    private int maxPending;
    private Backoff backoff;
    private LocationLookup lookup;

    // metrics manager thread
    private List<MetricsBatch> batches = new ArrayList<>();
    private List<ExceptionLog> exceptions = new ArrayList<>();

    // sink thread
    /** This container's address, where connections to the TM leave from. */
    private InetAddress source;

    private final ArrayDeque<MetricsBatch> backlog = new ArrayDeque<>();
    private final ArrayDeque<ExceptionLog> exceptionBacklog = new ArrayDeque<>();
    private Channel channel;
    private boolean connecting;
    private Wire wire;
    private long dropped;

    /** Where the TM is now; a function so tests need no state manager. */
    public interface LocationLookup {
        Optional<TMasterLocation> find();
    }

    @Override
    public void initialize(EgretConfig config) {
        this.config = config;
    }

    @Override
    public void start(ProcessOptions options) {
        StateManager sm = StateManagers.open(config);
        String name = options.topology();
        start(
                config,
                name,
                options.container(),
                () -> sm.get(StateKind.TMASTERS, name, TMasterLocation.parser()),
                Wire.control(options.auth(config, "metricsmgr-" + options.container()), config));
        state = sm;
    }

    /** What {@link #init} does, with the TM found by {@code lookup}. */
    public void start(
            EgretConfig config, String topologyName, int containerIndex, LocationLookup tmLookup, Wire tmWire) {
        wire = tmWire;
        topology = topologyName;
        container = containerIndex;
        lookup = tmLookup;
        source = NodeAddress.from(config).sourceAddress();
        maxPending = config.get(MetricsMgrKeys.TMASTER_MAX_PENDING);
        backoff = MetricsMgrKeys.retryBackoff(config);
        group = new NioEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "tmaster-sink");
            t.setDaemon(true);
            return t;
        });
        loop = group.next();
    }

    @Override
    public void write(MetricsBatch batch) {
        boolean hasException = false;
        for (MetricDatum d : batch.getMetricsList()) {
            if (ExceptionReports.isException(d)) {
                exceptions.add(ExceptionReports.toLog(batch, d, System.currentTimeMillis()));
                hasException = true;
            }
        }
        if (hasException) {
            MetricsBatch.Builder b = batch.toBuilder().clearMetrics();
            batch.getMetricsList().stream()
                    .filter(d -> !ExceptionReports.isException(d))
                    .forEach(b::addMetrics);
            batch = b.build();
        }
        if (batch.getMetricsCount() > 0) {
            batches.add(batch);
        }
    }

    @Override
    public void flush() {
        if (batches.isEmpty() && exceptions.isEmpty()) {
            return;
        }
        List<MetricsBatch> b = batches;
        List<ExceptionLog> e = exceptions;
        batches = new ArrayList<>();
        exceptions = new ArrayList<>();
        loop.execute(() -> send(b, e));
    }

    private void send(List<MetricsBatch> newBatches, List<ExceptionLog> newExceptions) {
        backlog.addAll(newBatches);
        exceptionBacklog.addAll(newExceptions);
        while (backlog.size() > maxPending) {
            backlog.poll();
            dropped++;
        }
        while (exceptionBacklog.size() > maxPending) {
            exceptionBacklog.poll();
        }
        if (channel != null && channel.isActive()) {
            MetricsPublish.Builder msg = MetricsPublish.newBuilder()
                    .setContainer(container)
                    .addAllBatches(backlog)
                    .addAllExceptions(exceptionBacklog);
            backlog.clear();
            exceptionBacklog.clear();
            channel.writeAndFlush(msg.build()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            return;
        }
        connect();
    }

    private void connect() {
        long now = System.currentTimeMillis();
        if (connecting || !backoff.mayTry(now)) {
            return;
        }
        Optional<TMasterLocation> where;
        try {
            where = lookup.find();
        } catch (RuntimeException e) {
            LOG.debug("cannot look the topology master of {} up: {}", topology, e.toString());
            where = Optional.empty();
        }
        if (where.isEmpty()) {
            backoff.failed(now);
            return;
        }
        TMasterLocation tm = where.get();
        connecting = true;
        NetClient.connect(group, source, tm.getHost(), tm.getServerPort(), wire, new Handler())
                .addListener((ChannelFuture f) -> {
                    connecting = false;
                    if (f.isSuccess()) {
                        channel = f.channel();
                        backoff.reset();
                        if (dropped > 0) {
                            LOG.warn("dropped {} metrics batches while the topology master was unreachable", dropped);
                            dropped = 0;
                        }
                        LOG.info("sending metrics to the topology master at {}:{}", tm.getHost(), tm.getServerPort());
                        send(List.of(), List.of());
                    } else {
                        backoff.failed(System.currentTimeMillis());
                        LOG.debug(
                                "topology master at {}:{} not reachable: {}",
                                tm.getHost(),
                                tm.getServerPort(),
                                f.cause().toString());
                    }
                });
    }

    private final class Handler extends SimpleChannelInboundHandler<Message> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            // The TM does not answer metrics.
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (channel == ctx.channel()) {
                channel = null;
                // A standby TM closes at once: wait before asking the state manager again.
                backoff.failed(System.currentTimeMillis());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (state != null) {
            state.close();
        }
    }
}

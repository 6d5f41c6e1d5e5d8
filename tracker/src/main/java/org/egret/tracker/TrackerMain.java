package org.egret.tracker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.egret.config.CommonKeys;
import org.egret.config.EgretConfig;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tracker: a long-running process that reads the cluster's state manager and the topologies'
 * TMs and serves the JSON API and the web UI. {@code bin/egret-tracker --cluster local --port 8888}.
 */
public final class TrackerMain {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerMain.class);

    private TrackerMain() {}

    public static void main(String[] args) throws Exception {
        Options o = new Options();
        o.addOption(Option.builder()
                .longOpt("config-path")
                .hasArg()
                .desc("Egret conf directory")
                .build());
        o.addOption(Option.builder()
                .longOpt("cluster")
                .hasArg()
                .desc("cluster (conf sub-directory), default local")
                .build());
        o.addOption(Option.builder()
                .longOpt("port")
                .hasArg()
                .desc("HTTP port, default 8888; 0 picks one")
                .build());
        o.addOption(Option.builder()
                .longOpt("host")
                .hasArg()
                .desc("address to bind, default the cluster's egret.host")
                .build());
        o.addOption(Option.builder()
                .longOpt("config-property")
                .hasArg()
                .desc("key=value Egret config")
                .build());
        o.addOption(Option.builder()
                .longOpt("port-file")
                .hasArg()
                .desc("write the bound port here")
                .build());
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(o, args);
        } catch (ParseException e) {
            System.err.println("error: " + e.getMessage());
            new HelpFormatter().printHelp("egret-tracker", o);
            System.exit(1);
            return;
        }
        Map<String, String> props = new LinkedHashMap<>();
        for (String kv :
                cl.getOptionValues("config-property") == null ? new String[0] : cl.getOptionValues("config-property")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                System.err.println("error: --config-property needs key=value, got '" + kv + "'");
                System.exit(1);
            }
            props.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        String cluster = cl.getOptionValue("cluster", "local");
        EgretConfig config = EgretConfig.load(Path.of(cl.getOptionValue("config-path", "conf")), cluster, props);
        int port = Integer.parseInt(cl.getOptionValue("port", "8888"));
        String host = cl.getOptionValue("host", config.get(CommonKeys.HOST));

        StateManager sm = StateManagers.open(config);
        StateReader state = new StateReader(sm);
        TrackerApi api = new TrackerApi(
                state,
                new TMasterMetricsClient(state, config, Duration.ofSeconds(5)),
                new LogFiles(Path.of(config.get(CommonKeys.WORKING_DIR))),
                cluster);
        TrackerServer server = new TrackerServer(api, state, host, port);
        if (cl.hasOption("port-file")) {
            Path f = Path.of(cl.getOptionValue("port-file"));
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.writeString(tmp, Integer.toString(server.port()));
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
        }
        LOG.info("tracker for cluster {} serving http://{}:{}/", cluster, host, server.port());
        System.out.println("Egret Tracker: http://" + host + ":" + server.port() + "/");
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            sm.close();
                        },
                        "tracker-shutdown"));
        Thread.currentThread().join();
    }
}

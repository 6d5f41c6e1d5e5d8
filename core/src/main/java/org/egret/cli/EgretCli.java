package org.egret.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.egret.config.ConfigException;
import org.egret.config.ConfigReference;
import org.egret.config.ConfigRegistry;
import org.egret.config.EgretConfig;

/**
 * {@code egret <verb> <cluster> ...}: submit, kill, activate, deactivate, restart, update, list, watch;
 * and {@code egret config list [--cluster C]}.
 * Prints short human lines; a failure is one line on stderr and a non-zero exit.
 */
public final class EgretCli {
    static final String USAGE = String.join(
            "\n",
            "usage: egret <verb> <cluster> [options] ...",
            "  submit <cluster> <topology.jar> <main-class> <name> [topology args...]",
            "  kill|activate|deactivate <cluster> <name>",
            "  restart <cluster> <name> [--container N]",
            "  update <cluster> <name> [--component-parallelism=<component>:<N>]... [--container-number=<N>] [--dry-run]",
            "  list <cluster>",
            "  watch <cluster> <name> [--seconds N]",
            "  config list [--cluster C]   every config key: type, default, effective value, doc",
            "options: --config-path DIR, --config-property key=value (repeatable), --verbose");

    private EgretCli() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    /** Runs one command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        try {
            return dispatch(args, out);
        } catch (CliException | ConfigException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            if (verbose && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            return 1;
        } catch (Exception e) {
            err.println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (verbose) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(Option.builder()
                .longOpt("config-path")
                .hasArg()
                .desc("Egret conf directory")
                .build());
        o.addOption(Option.builder()
                .longOpt("config-property")
                .hasArg()
                .desc("key=value")
                .build());
        o.addOption(Option.builder().longOpt("verbose").desc("more output").build());
        o.addOption(Option.builder()
                .longOpt("container")
                .hasArg()
                .desc("container index (restart)")
                .build());
        o.addOption(Option.builder()
                .longOpt("component-parallelism")
                .hasArg()
                .desc("component:N (update, repeatable)")
                .build());
        o.addOption(Option.builder()
                .longOpt("container-number")
                .hasArg()
                .desc("containers wanted (update)")
                .build());
        o.addOption(Option.builder()
                .longOpt("dry-run")
                .desc("print the new packing plan only (update)")
                .build());
        o.addOption(Option.builder()
                .longOpt("seconds")
                .hasArg()
                .desc("how long to watch")
                .build());
        o.addOption(Option.builder()
                .longOpt("cluster")
                .hasArg()
                .desc("cluster whose config to show (config list)")
                .build());
        return o;
    }

    private static int dispatch(String[] args, PrintStream out) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String verb = args[0];
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        // For submit, everything after the topology name belongs to the user's main.
        List<String> userArgs = List.of();
        if (verb.equals("submit")) {
            int positional = 0;
            for (int i = 0; i < rest.size(); i++) {
                String a = rest.get(i);
                if (a.startsWith("--")) {
                    if (!a.equals("--verbose") && !a.contains("=")) {
                        i++;
                    }
                    continue;
                }
                if (++positional == 4) {
                    userArgs = new ArrayList<>(rest.subList(i + 1, rest.size()));
                    rest = new ArrayList<>(rest.subList(0, i + 1));
                    break;
                }
            }
        }
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(options(), rest.toArray(String[]::new));
        } catch (ParseException e) {
            throw new CliException(e.getMessage() + "\n" + USAGE);
        }
        List<String> pos = cl.getArgList();
        if (verb.equals("config")) {
            return config(pos, cl, out);
        }
        if (pos.isEmpty()) {
            throw new CliException("missing <cluster>\n" + USAGE);
        }
        CliContext ctx = context(pos.get(0), cl, out);
        switch (verb) {
            case "submit":
                need(pos, 4, "submit <cluster> <topology.jar> <main-class> <name> [args...]");
                return new SubmitCommand(ctx).run(Path.of(pos.get(1)), pos.get(2), pos.get(3), userArgs);
            case "kill":
                need(pos, 2, "kill <cluster> <name>");
                return new TopologyCommands(ctx).kill(pos.get(1));
            case "activate":
                need(pos, 2, "activate <cluster> <name>");
                return new TopologyCommands(ctx).activate(pos.get(1), true);
            case "deactivate":
                need(pos, 2, "deactivate <cluster> <name>");
                return new TopologyCommands(ctx).activate(pos.get(1), false);
            case "restart":
                need(pos, 2, "restart <cluster> <name> [--container N]");
                return new TopologyCommands(ctx)
                        .restart(pos.get(1), Integer.parseInt(cl.getOptionValue("container", "-1")));
            case "update": {
                need(
                        pos,
                        2,
                        "update <cluster> <name> [--component-parallelism=<component>:<N>]... "
                                + "[--container-number=<N>] [--dry-run]");
                String[] specs = cl.getOptionValues("component-parallelism");
                Integer containers = null;
                if (cl.hasOption("container-number")) {
                    try {
                        containers = Integer.parseInt(cl.getOptionValue("container-number"));
                    } catch (NumberFormatException e) {
                        throw new CliException("--container-number wants a number, got '"
                                + cl.getOptionValue("container-number") + "'");
                    }
                }
                return new UpdateCommand(ctx)
                        .run(
                                pos.get(1),
                                specs == null ? List.of() : List.of(specs),
                                containers,
                                cl.hasOption("dry-run"));
            }
            case "list":
                return new TopologyCommands(ctx).list();
            case "watch":
                need(pos, 2, "watch <cluster> <name> [--seconds N]");
                return new WatchCommand(ctx).run(pos.get(1), Integer.parseInt(cl.getOptionValue("seconds", "0")));
            default:
                throw new CliException("unknown verb '" + verb + "'\n" + USAGE);
        }
    }

    /**
     * {@code config list}: with {@code --cluster}, the values that cluster's files and the
     * {@code --config-property} overrides give; without, the defaults and the overrides.
     */
    private static int config(List<String> pos, CommandLine cl, PrintStream out) {
        if (pos.size() != 1 || !pos.get(0).equals("list")) {
            throw new CliException("usage: egret config list [--cluster C]");
        }
        EgretConfig config = cl.hasOption("cluster")
                ? context(cl.getOptionValue("cluster"), cl, out).config()
                : EgretConfig.fromMap(properties(cl));
        out.print(ConfigReference.text(ConfigRegistry.keys(), config));
        return 0;
    }

    private static void need(List<String> pos, int n, String usage) {
        if (pos.size() < n) {
            throw new CliException("usage: egret " + usage);
        }
    }

    private static CliContext context(String cluster, CommandLine cl, PrintStream out) {
        Path home =
                Path.of(System.getProperty("egret.home", ".")).toAbsolutePath().normalize();
        Path confDir = Path.of(
                        cl.getOptionValue("config-path", home.resolve("conf").toString()))
                .toAbsolutePath()
                .normalize();
        if (!Files.isDirectory(confDir)) {
            throw new CliException("config path " + confDir + " is not a directory");
        }
        Map<String, String> props = properties(cl);
        EgretConfig config = EgretConfig.load(confDir, cluster, props);
        return new CliContext(cluster, config, home, confDir, props, cl.hasOption("verbose"), out);
    }

    private static Map<String, String> properties(CommandLine cl) {
        Map<String, String> props = new LinkedHashMap<>();
        String[] kvs = cl.getOptionValues("config-property");
        if (kvs != null) {
            for (String kv : kvs) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new CliException("--config-property wants key=value, got '" + kv + "'");
                }
                props.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return props;
    }
}

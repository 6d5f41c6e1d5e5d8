package org.egret.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.egret.config.EgretConfig;
import org.egret.net.auth.AuthSettings;
import org.egret.security.TopologySecret;

/**
 * The command line every process of a container gets from its executor (TM, SM, MM, instance,
 * executor itself). Role-specific values (e.g. the task id) are optional options.
 */
public final class ProcessOptions {
    private final String topology;
    private final String topologyId;
    private int container;
    private ContainerDirs dirs;
    private final Path confDir;
    private final String cluster;
    private Map<String, String> properties;
    private final int taskId;
    private final String component;
    private final List<Integer> ports;
    private final int port;
    private final long parentPid;
    private final String packageUri;

    private ProcessOptions(CommandLine cl) {
        topology = cl.getOptionValue("topology");
        topologyId = cl.getOptionValue("topology-id", topology);
        container = Integer.parseInt(cl.getOptionValue("container", "0"));
        dirs = new ContainerDirs(Path.of(cl.getOptionValue("container-dir")));
        confDir = Path.of(cl.getOptionValue("conf-dir"));
        cluster = cl.getOptionValue("cluster", "local");
        properties = new LinkedHashMap<>();
        String[] props = cl.getOptionValues("config-property");
        if (props != null) {
            for (String kv : props) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--config-property wants key=value, got '" + kv + "'");
                }
                properties.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        taskId = Integer.parseInt(cl.getOptionValue("task-id", "-1"));
        component = cl.getOptionValue("component");
        ports = parsePorts(cl.getOptionValue("ports", ""));
        port = Integer.parseInt(cl.getOptionValue("port", "0"));
        parentPid = Long.parseLong(cl.getOptionValue("parent-pid", "-1"));
        packageUri = cl.getOptionValue("package-uri");
    }

    private ProcessOptions(ProcessOptions o) {
        topology = o.topology;
        topologyId = o.topologyId;
        container = o.container;
        dirs = o.dirs;
        confDir = o.confDir;
        cluster = o.cluster;
        properties = o.properties;
        taskId = o.taskId;
        component = o.component;
        ports = o.ports;
        port = o.port;
        parentPid = o.parentPid;
        packageUri = o.packageUri;
    }

    /** The same options for another container, living in {@code dir}. */
    public ProcessOptions forContainer(int index, Path dir) {
        ProcessOptions copy = new ProcessOptions(this);
        copy.container = index;
        copy.dirs = new ContainerDirs(dir);
        return copy;
    }

    /** The same options with one more Egret config property (replacing one of that key). */
    public ProcessOptions withProperty(String key, String value) {
        ProcessOptions copy = new ProcessOptions(this);
        copy.properties = new LinkedHashMap<>(properties);
        copy.properties.put(key, value);
        return copy;
    }

    public static Options options() {
        Options o = new Options();
        o.addOption(Option.builder()
                .longOpt("topology")
                .hasArg()
                .required()
                .desc("topology name")
                .build());
        o.addOption(Option.builder()
                .longOpt("topology-id")
                .hasArg()
                .desc("topology id")
                .build());
        o.addOption(Option.builder()
                .longOpt("container")
                .hasArg()
                .desc("container index")
                .build());
        o.addOption(Option.builder()
                .longOpt("container-dir")
                .hasArg()
                .required()
                .desc("container directory")
                .build());
        o.addOption(Option.builder()
                .longOpt("conf-dir")
                .hasArg()
                .required()
                .desc("Egret conf directory")
                .build());
        o.addOption(Option.builder()
                .longOpt("cluster")
                .hasArg()
                .desc("cluster name (conf sub-directory)")
                .build());
        o.addOption(Option.builder()
                .longOpt("config-property")
                .hasArg()
                .desc("k=v Egret config")
                .build());
        o.addOption(Option.builder()
                .longOpt("task-id")
                .hasArg()
                .desc("task id (instances)")
                .build());
        o.addOption(Option.builder()
                .longOpt("component")
                .hasArg()
                .desc("the task's component (instances)")
                .build());
        o.addOption(Option.builder()
                .longOpt("ports")
                .hasArg()
                .desc("ports granted to the container, comma-separated (executor; e.g. Mesos offers)")
                .build());
        o.addOption(Option.builder()
                .longOpt("port")
                .hasArg()
                .desc("port this server binds; 0 = any")
                .build());
        o.addOption(Option.builder()
                .longOpt("parent-pid")
                .hasArg()
                .desc("exit when this process dies")
                .build());
        o.addOption(Option.builder()
                .longOpt("package-uri")
                .hasArg()
                .desc("topology package (executor)")
                .build());
        o.addOption(Option.builder()
                .longOpt("role")
                .hasArg()
                .desc("role name, for ps")
                .build());
        return o;
    }

    private static List<Integer> parsePorts(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String p : csv.split(",")) {
            if (!p.isBlank()) {
                int port = Integer.parseInt(p.trim());
                if (port <= 0 || port > 65535) {
                    throw new IllegalArgumentException("--ports: " + port + " is not a port");
                }
                out.add(port);
            }
        }
        return List.copyOf(out);
    }

    public static ProcessOptions parse(String[] args) {
        try {
            return new ProcessOptions(new DefaultParser().parse(options(), args));
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The arguments that reproduce these options for a child, with its role and extra options appended. */
    public List<String> toArgs(String role, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--role",
                role,
                "--topology",
                topology,
                "--topology-id",
                topologyId,
                "--container",
                Integer.toString(container),
                "--container-dir",
                dirs.root().toString(),
                "--conf-dir",
                confDir.toString(),
                "--cluster",
                cluster,
                "--parent-pid",
                Long.toString(ProcessHandle.current().pid())));
        if (packageUri != null) {
            args.add("--package-uri");
            args.add(packageUri);
        }
        properties.forEach((k, v) -> {
            args.add("--config-property");
            args.add(k + "=" + v);
        });
        args.addAll(List.of(extra));
        return args;
    }

    /**
     * How this process proves itself on its connections: the topology's secret from the container's
     * {@code topology.secret}, under {@code identity} (e.g. "stmgr-3").
     */
    public AuthSettings auth(EgretConfig config, String identity) {
        return AuthSettings.of(TopologySecret.readFrom(dirs.secretFile()), topologyId, identity, config);
    }

    public EgretConfig loadConfig() {
        return EgretConfig.load(confDir, cluster, properties);
    }

    public String topology() {
        return topology;
    }

    public String topologyId() {
        return topologyId;
    }

    public int container() {
        return container;
    }

    public ContainerDirs dirs() {
        return dirs;
    }

    public Path confDir() {
        return confDir;
    }

    public String cluster() {
        return cluster;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public int taskId() {
        return taskId;
    }
    /** The task's component, or null when not given (then Storm's numbering decides). */
    public String component() {
        return component;
    }
    /** Ports granted to the whole container (executor), in the order the executor hands them out. */
    public List<Integer> ports() {
        return ports;
    }
    /** The port this server binds: one of the container's granted ports, or 0 for any free port. */
    public int port() {
        return port;
    }

    public long parentPid() {
        return parentPid;
    }

    public String packageUri() {
        return packageUri;
    }
}

package org.egret.scheduler.mesos;

import com.google.protobuf.ByteString;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Secret;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.egret.config.CommonKeys;
import org.egret.runtime.JavaCommand;
import org.egret.security.SecretEnvironment;
import org.egret.security.TopologySecret;

/**
 * Builds the Mesos task of one container: a command task that runs Egret's executor from the
 * core package the fetcher unpacked into the sandbox, with the topology package fetched beside
 * it. The command goes through {@code sh -c} (so {@code $MESOS_SANDBOX} and {@code $JAVA_HOME}
 * are the agent's) and {@code exec}s the JVM, so a KILL's SIGTERM reaches the executor itself,
 * whose shutdown hook stops the container's processes.
 */
public final class TaskInfoFactory implements ContainerTasks {
    static final String EXECUTOR_MAIN = "org.egret.executor.ExecutorMain";
    private static final String SANDBOX = "@SANDBOX@";
    private static final String JAVA = "@JAVA@";

    /**
     * What is the same for every container of a topology. {@code secret}: the topology's, handed to
     * each container as a Mesos secret (its toString shows no key, so neither does this record's).
     */
    public record Settings(
            String topology,
            String topologyId,
            String cluster,
            URI corePackage,
            URI topologyPackage,
            String javaHome,
            int executorHeapMb,
            List<String> executorJvmOpts,
            Map<String, String> configProperties,
            TopologySecret secret) {}

    private final Settings settings;

    public TaskInfoFactory(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String topology() {
        return settings.topology();
    }

    @Override
    public TaskInfo build(String taskId, int container, Offer offer, List<Resource> resources) {
        return TaskInfo.newBuilder()
                .setName("egret " + settings.topology() + " container " + container)
                .setTaskId(TaskID.newBuilder().setValue(taskId))
                .setAgentId(offer.getAgentId())
                .addAllResources(resources)
                .setCommand(command(container, offeredPorts(resources), offer.getHostname()))
                .build();
    }

    /** The ports of the task's resources, in order: the executor hands them to its servers. */
    static List<Long> offeredPorts(List<Resource> resources) {
        List<Long> ports = new ArrayList<>();
        for (Resource r : resources) {
            if (r.getName().equals("ports") && r.hasRanges()) {
                for (Value.Range range : r.getRanges().getRangeList()) {
                    for (long p = range.getBegin(); p <= range.getEnd(); p++) {
                        ports.add(p);
                    }
                }
            }
        }
        return ports;
    }

    CommandInfo command(int container, List<Long> ports, String host) {
        return CommandInfo.newBuilder()
                .setShell(true)
                .setValue(shellCommand(container, ports, host))
                // the distribution: bin, lib, conf straight into the sandbox; cached, it is the same for every task
                .addUris(CommandInfo.URI
                        .newBuilder()
                        .setValue(settings.corePackage().toString())
                        .setExtract(true)
                        .setCache(settings.corePackage().getScheme() != null
                                && !settings.corePackage().getScheme().equals("file")))
                // the topology package stays a file: the executor unpacks it itself
                .addUris(CommandInfo.URI
                        .newBuilder()
                        .setValue(settings.topologyPackage().toString())
                        .setExtract(false))
                .setEnvironment(Environment.newBuilder().addVariables(secretVariable()))
                .build();
    }

    /**
     * The topology secret as an environment variable of type SECRET holding a VALUE secret: the
     * agent's secret resolver (Mesos' default one resolves VALUE secrets) puts it into the task's
     * environment, never into the command; the executor moves it into the container's 0600 file and
     * keeps it out of the environment of every process it starts ({@link SecretEnvironment}).
     */
    private Environment.Variable secretVariable() {
        return Environment.Variable.newBuilder()
                .setName(SecretEnvironment.VARIABLE)
                .setType(Environment.Variable.Type.SECRET)
                .setSecret(Secret.newBuilder()
                        .setType(Secret.Type.VALUE)
                        .setValue(Secret.Value.newBuilder()
                                .setData(ByteString.copyFromUtf8(SecretEnvironment.encode(settings.secret())))))
                .build();
    }

    /** The file name the fetcher gives the topology package in the sandbox. */
    String topologyPackageName() {
        String path = settings.topologyPackage().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * {@code ports}: offered to the task; its servers bind them and no others, since an agent with
     * port isolation lets a task use only what it was given. {@code host}: the agent's hostname from
     * the offer; servers there bind and advertise it, so containers on other agents reach them (the
     * default, loopback, is reachable from nowhere else). Empty: the configured egret.host stays.
     */
    String shellCommand(int container, List<Long> ports, String host) {
        List<String> args = new ArrayList<>(List.of(
                "--role",
                "executor",
                "--topology",
                settings.topology(),
                "--topology-id",
                settings.topologyId(),
                "--container",
                Integer.toString(container),
                "--container-dir",
                SANDBOX,
                "--conf-dir",
                SANDBOX + "/conf",
                "--cluster",
                settings.cluster(),
                "--package-uri",
                "file://" + SANDBOX + "/" + topologyPackageName()));
        if (!ports.isEmpty()) {
            args.add("--ports");
            args.add(String.join(",", ports.stream().map(String::valueOf).toList()));
        }
        settings.configProperties().forEach((k, v) -> {
            if (!(k.equals(CommonKeys.HOST.name()) && !host.isEmpty())) {
                args.add("--config-property");
                args.add(k + "=" + v);
            }
        });
        if (!host.isEmpty()) {
            args.add("--config-property");
            args.add(CommonKeys.HOST.name() + "=" + host);
        }
        List<String> cmd = JavaCommand.of(JAVA, EXECUTOR_MAIN)
                .role("executor", settings.topology())
                .heapMb(settings.executorHeapMb())
                .jvmOpts(settings.executorJvmOpts())
                .jvmOpt("-Dcom.google.protobuf.use_unsafe_pre22_gencode=true")
                .logging(Path.of(SANDBOX, "conf"), Path.of(SANDBOX, "logs", "executor.log"))
                .egretHome(Path.of(SANDBOX))
                .args(args)
                .build();
        StringBuilder sh = new StringBuilder("exec");
        for (String a : cmd) {
            sh.append(' ').append(quote(a));
        }
        return sh.toString();
    }

    /** Single-quotes an argument for sh, letting only our two placeholders expand. */
    private String quote(String arg) {
        String java = settings.javaHome().isEmpty()
                ? "${JAVA_HOME}"
                : settings.javaHome().replace("'", "'\\''");
        String q = "'" + arg.replace("'", "'\\''") + "'";
        q = q.replace(SANDBOX, "'\"${MESOS_SANDBOX}\"'");
        if (settings.javaHome().isEmpty()) {
            q = q.replace(JAVA, "'\"" + java + "\"'");
        } else {
            q = q.replace(JAVA, java);
        }
        return q;
    }
}

package org.egret.scheduler.yarn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.egret.config.EgretConfig;
import org.egret.net.NodeAddress;
import org.egret.proto.ContainerFailure;
import org.egret.proto.ExecutionState;
import org.egret.proto.PackingPlan;
import org.egret.proto.SchedulerLocation;
import org.egret.runtime.ProcessOptions;
import org.egret.scheduler.ContainerFailurePolicy;
import org.egret.scheduler.SchedulerKeys;
import org.egret.scheduler.SchedulerProcess;
import org.egret.scheduler.SchedulerServer;
import org.egret.security.TopologySecret;
import org.egret.statemgr.ExecutionStates;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.uploader.Uploader;
import org.egret.uploader.Uploaders;
import org.egret.uploader.hdfs.HdfsKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology's scheduler on YARN: the ApplicationMaster. Every attempt reads the packing plan
 * from the state manager, re-adopts the containers a previous attempt left running, asks for the
 * rest, and publishes its endpoint (kill, restart, update) for the CLI; YARN shows the Tracker's page
 * of the topology as its tracking URL, or the AM's own status page when no Tracker is configured. Kill stops every container, removes
 * the topology's state and packages, and unregisters with final status KILLED.
 */
public final class YarnApplicationMaster {
    private static final Logger LOG = LoggerFactory.getLogger(YarnApplicationMaster.class);
    private static final long LINK_CHECK_MS = 2000;

    private YarnApplicationMaster() {}

    public static void main(String[] args) {
        SchedulerProcess.main(args, "ApplicationMaster", YarnApplicationMaster::run);
    }

    private static void run(SchedulerProcess process) throws Exception {
        ProcessOptions opts = process.opts();
        EgretConfig config = process.config();
        StateManager state = process.state();
        String topology = process.topology();
        PackingPlan plan = process.plan();
        YarnConfiguration conf = HadoopConf.load(config);
        // the site files shipped with the application, not the classpath, say whether Hadoop security is on
        UserGroupInformation.setConfiguration(conf);
        URI core = URI.create(config.get(YarnKeys.CORE_PACKAGE));
        URI pkg = URI.create(opts.packageUri());
        ContainerLayout layout = ContainerLayout.of(core, pkg, config, conf);
        // the secret comes with the application's credentials (the state manager's copy is the CLI's)
        Credentials own = UserGroupInformation.getCurrentUser().getCredentials();
        TopologySecret secret = SecurityTokens.topologySecret(own);
        ContainerCredentials credentials =
                new ContainerCredentials(own, conf, List.of(pkg, core), keytabLogin(config), System::currentTimeMillis);
        YarnScheduler scheduler = new YarnScheduler(
                conf,
                ContainerSizes.of(plan, config),
                index -> {
                    ContainerLaunchContext clc = layout.executor(
                            index, topology, opts.topologyId(), opts.cluster(), opts.properties(), config);
                    try {
                        clc.setTokens(credentials.next());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot serialize the credentials of container " + index, e);
                    }
                    return clc;
                },
                config.get(YarnKeys.REQUEST_PRIORITY),
                config.get(SchedulerKeys.KILL_TIMEOUT_MS),
                ContainerFailurePolicy.Settings.from(config),
                new ContainerEndings.Reports() {
                    @Override
                    public void containerFailed(int index, String node, String reason) {
                        try {
                            ExecutionStates.recordContainerFailure(
                                    state,
                                    topology,
                                    ContainerFailure.newBuilder()
                                            .setContainer(index)
                                            .setProcess("container")
                                            .setReason(reason)
                                            .setTimeMs(System.currentTimeMillis())
                                            .setHost(node)
                                            .build());
                        } catch (RuntimeException e) {
                            LOG.warn("cannot record the failure of container {}: {}", index, e.toString());
                        }
                    }

                    @Override
                    public void gaveUp(String why) {
                        process.markFailed(why);
                    }
                });

        state.get(StateKind.EXECUTION_STATE, topology, ExecutionState.parser())
                .map(ExecutionState::getFailure)
                .filter(why -> !why.isEmpty())
                .ifPresent(scheduler::givenUpBefore);

        ScheduledExecutorService links = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "am-periodic");
            t.setDaemon(true);
            return t;
        });
        SchedulerServer server = process.endpoint(
                scheduler,
                () -> {
                    // no republished location may outlive the topology's state
                    stopLinks(links);
                    cleanUp(topology, config, conf, state, core, pkg);
                    scheduler.unregister(FinalApplicationStatus.KILLED, "killed with egret kill");
                    scheduler.close();
                },
                secret);
        String host = NodeAddress.from(config).advertisedHost();
        String trackingUrl = trackingUrl(config, host, topology, scheduler);
        scheduler.register(host, server.port(), trackingUrl);
        LOG.info("ApplicationMaster of '{}' on {}:{}, tracking URL {}", topology, host, server.port(), trackingUrl);
        String scheme = YarnConfiguration.useHttps(conf) ? "https://" : "http://";
        String user = System.getenv().getOrDefault("USER", System.getProperty("user.name"));
        links.scheduleWithFixedDelay(
                () -> publishLogLinks(state, topology, server, scheduler.logUrls(scheme, user)),
                LINK_CHECK_MS,
                LINK_CHECK_MS,
                TimeUnit.MILLISECONDS);
        // the AM's own tokens (for its HDFS work at kill) stay fresh even while no container starts
        links.scheduleWithFixedDelay(credentials::refreshIfDue, LINK_CHECK_MS, LINK_CHECK_MS, TimeUnit.MILLISECONDS);
        process.serve(scheduler, server);
    }

    /**
     * A Kerberos login from the owner's keytab, when the launcher shipped one to this container and
     * Hadoop security is on; else null (the application's delegation tokens serve until they expire).
     */
    private static UserGroupInformation keytabLogin(EgretConfig config) throws IOException {
        Path keytab = Path.of(ContainerLayout.KEYTAB_LINK).toAbsolutePath();
        if (!UserGroupInformation.isSecurityEnabled() || !Files.isRegularFile(keytab)) {
            return null;
        }
        String principal = config.get(HdfsKeys.KERBEROS_PRINCIPAL).trim();
        if (principal.isEmpty()) {
            LOG.warn(
                    "a keytab came with this ApplicationMaster but {} is empty: not logging in",
                    HdfsKeys.KERBEROS_PRINCIPAL.name());
            return null;
        }
        UserGroupInformation user = UserGroupInformation.loginUserFromKeytabAndReturnUGI(principal, keytab.toString());
        LOG.info("logged in to Kerberos as {} from the keytab YARN localized for this ApplicationMaster", principal);
        return user;
    }

    /**
     * Keeps the published scheduler location's container log links (the Tracker's log view reads them)
     * in step with the containers YARN runs now. It compares with what is stored rather than with what it
     * wrote last, so a location written by someone else (the first one, at start) gets its links too.
     */
    private static void publishLogLinks(
            StateManager state, String topology, SchedulerServer server, Map<Integer, String> urls) {
        try {
            Optional<SchedulerLocation> now = state.get(StateKind.SCHEDULERS, topology, SchedulerLocation.parser());
            Map<Integer, String> stored = new TreeMap<>();
            now.ifPresent(l -> l.getContainerLogsList().forEach(c -> stored.put(c.getContainer(), c.getUrl())));
            if (now.isPresent() && !stored.equals(urls)) {
                server.publishLocation(state, topology, urls);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot publish the containers' log links: {}", e.toString());
        }
    }

    private static void stopLinks(ScheduledExecutorService links) {
        links.shutdownNow();
        try {
            links.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The Tracker's page of the topology when {@code egret.tracker.url} is set, else the AM's own status
     * page (it lives as long as this process).
     */
    private static String trackingUrl(EgretConfig config, String host, String topology, YarnScheduler scheduler)
            throws IOException {
        String tracker = config.get(SchedulerKeys.TRACKER_URL);
        if (!tracker.isEmpty()) {
            return tracker.replaceAll("/+$", "") + "/topology?name="
                    + URLEncoder.encode(topology, StandardCharsets.UTF_8);
        }
        String amContainer = System.getenv("CONTAINER_ID");
        String attempt = amContainer == null
                ? "?"
                : ContainerId.fromString(amContainer).getApplicationAttemptId().toString();
        return new StatusPage(host, topology, attempt, scheduler::containers).url();
    }

    /**
     * State nodes, then what lies beside the topology package (the core package unless it is a shared
     * one, the Hadoop configuration, the keytab), then the topology package with its directory.
     */
    private static void cleanUp(
            String topology, EgretConfig config, YarnConfiguration conf, StateManager state, URI core, URI pkg) {
        state.deleteAll(topology);
        URI ownCore = CorePackage.beside(pkg, new org.apache.hadoop.fs.Path(core).getName());
        if (new org.apache.hadoop.fs.Path(core).toUri().getPath().equals(ownCore.getPath())) {
            YarnSubmission.delete(core, conf);
        }
        YarnSubmission.delete(CorePackage.beside(pkg, CorePackage.HADOOP_CONF_FILE), conf);
        YarnSubmission.delete(KeytabUpload.location(pkg), conf);
        try (Uploader uploader = Uploaders.open(config)) {
            uploader.delete(pkg);
        } catch (RuntimeException e) {
            LOG.warn("cannot delete the topology package {}", pkg, e);
        }
    }
}

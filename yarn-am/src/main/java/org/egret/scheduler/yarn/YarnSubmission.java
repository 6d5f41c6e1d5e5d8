package org.egret.scheduler.yarn;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.QueueInfo;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.client.api.YarnClientApplication;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.egret.config.EgretConfig;
import org.egret.proto.SchedulerLocation;
import org.egret.runtime.DirectoryTree;
import org.egret.scheduler.LaunchContext;
import org.egret.scheduler.SchedulerException;
import org.egret.scheduler.SchedulerKeys;
import org.egret.security.TopologySecret;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateMgrKeys;
import org.egret.uploader.hdfs.KerberosLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a topology as one YARN application: checks the queue and every container size against
 * the cluster first, puts the core package beside the already uploaded topology package, submits
 * the ApplicationMaster, and returns once the AM has published its location. Any failure kills
 * the application and removes the core package (the CLI removes the rest). {@link YarnLauncher}'s
 * work, kept apart so that the plug-in itself links without Hadoop.
 */
final class YarnSubmission {
    private static final Logger LOG = LoggerFactory.getLogger(YarnSubmission.class);
    static final String APPLICATION_TYPE = "EGRET";
    private static final Set<YarnApplicationState> ENDED =
            EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);

    private YarnSubmission() {}

    static void launch(LaunchContext ctx) throws SchedulerException {
        EgretConfig config = ctx.config();
        if (!config.get(StateMgrKeys.TYPE).equals("zookeeper")) {
            throw new SchedulerException("the YARN scheduler needs egret.statemgr.type: zookeeper (containers run on "
                    + "other hosts and find the Topology Master through it); cluster '" + ctx.cluster() + "' uses '"
                    + config.get(StateMgrKeys.TYPE) + "'");
        }
        YarnConfiguration conf = HadoopConf.load(config);
        KerberosLogin.ensure(config, conf);
        YarnClient yarn = YarnClient.createYarnClient();
        yarn.init(conf);
        yarn.start();
        ApplicationId app = null;
        CorePackage.Location core = null;
        URI hadoopConf = null;
        URI keytab = null;
        Path work = null;
        try {
            String queue = config.get(YarnKeys.QUEUE);
            checkQueue(yarn, queue);
            YarnClientApplication created = yarn.createApplication();
            Resource am = Resource.newInstance(config.get(YarnKeys.AM_RAM_MB), config.get(YarnKeys.AM_VCORES));
            ContainerSizes.of(ctx.packingPlan(), config)
                    .checkFits(created.getNewApplicationResponse().getMaximumResourceCapability(), am);

            work = Files.createTempDirectory("egret-yarn-");
            core = CorePackage.place(config, ctx.egretHome(), ctx.confDir(), ctx.packageUri(), conf, work);
            hadoopConf = CorePackage.placeHadoopConf(config, ctx.packageUri(), conf, work);
            ContainerLayout layout = ContainerLayout.of(core.uri(), ctx.packageUri(), config, conf);

            ApplicationSubmissionContext asc = created.getApplicationSubmissionContext();
            app = asc.getApplicationId();
            asc.setApplicationName(ctx.topology());
            asc.setApplicationType(APPLICATION_TYPE);
            asc.setQueue(queue);
            asc.setResource(am);
            asc.setKeepContainersAcrossApplicationAttempts(true);
            asc.setMaxAppAttempts(config.get(YarnKeys.AM_ATTEMPTS));
            asc.setAttemptFailuresValidityInterval(config.get(YarnKeys.ATTEMPT_FAILURES_INTERVAL_MS));
            ContainerLaunchContext amSpec = layout.applicationMaster(ctx.topology(), config, amArgs(ctx, core.uri()));
            amSpec.setTokens(SecurityTokens.forApplicationMaster(
                    conf, List.of(ctx.packageUri(), core.uri()), TopologySecret.load(ctx.state(), ctx.topology())));
            keytab = KeytabUpload.place(config, ctx.packageUri(), conf);
            if (keytab != null) {
                ContainerLayout.withKeytab(amSpec, keytab, conf);
            }
            asc.setAMContainerSpec(amSpec);
            yarn.submitApplication(asc);
            LOG.info("submitted {} as YARN application {} in queue {}", ctx.topology(), app, queue);
            waitForScheduler(ctx, yarn, app);
            System.out.println("YARN application " + app + " runs '" + ctx.topology() + "'");
        } catch (IOException | YarnException | RuntimeException e) {
            undo(yarn, app, core, Arrays.asList(hadoopConf, keytab), conf);
            throw new SchedulerException("cannot start '" + ctx.topology() + "' on YARN: " + e.getMessage(), e);
        } catch (SchedulerException e) {
            undo(yarn, app, core, Arrays.asList(hadoopConf, keytab), conf);
            throw e;
        } finally {
            yarn.stop();
            if (work != null) {
                try {
                    DirectoryTree.delete(work);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}", work, e);
                }
            }
        }
    }

    private static void checkQueue(YarnClient yarn, String queue) throws SchedulerException, IOException {
        QueueInfo info;
        try {
            info = yarn.getQueueInfo(queue);
        } catch (YarnException e) {
            info = null;
        }
        if (info == null) {
            List<String> known = new ArrayList<>();
            try {
                yarn.getAllQueues().forEach(q -> known.add(q.getQueueName()));
            } catch (YarnException e) {
                known.add("(cannot list: " + e.getMessage() + ")");
            }
            throw new SchedulerException(
                    "YARN has no queue '" + queue + "' (" + YarnKeys.QUEUE.name() + "); its queues are " + known);
        }
    }

    private static List<String> amArgs(LaunchContext ctx, URI core) {
        List<String> args = new ArrayList<>(List.of(
                "--role",
                "scheduler",
                "--topology",
                ctx.topology(),
                "--topology-id",
                ctx.topologyId(),
                "--cluster",
                ctx.cluster(),
                "--package-uri",
                ctx.packageUri().toString()));
        ctx.configProperties().forEach((k, v) -> args.addAll(List.of("--config-property", k + "=" + v)));
        args.addAll(List.of("--config-property", YarnKeys.CORE_PACKAGE.name() + "=" + core));
        return args;
    }

    private static void waitForScheduler(LaunchContext ctx, YarnClient yarn, ApplicationId app)
            throws SchedulerException, IOException, YarnException {
        long timeout = ctx.config().get(SchedulerKeys.START_TIMEOUT_MS);
        long deadline = System.nanoTime() + timeout * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (ctx.state()
                    .get(StateKind.SCHEDULERS, ctx.topology(), SchedulerLocation.parser())
                    .isPresent()) {
                return;
            }
            ApplicationReport report = yarn.getApplicationReport(app);
            if (ENDED.contains(report.getYarnApplicationState())) {
                throw new SchedulerException("YARN application " + app + " ended " + report.getYarnApplicationState()
                        + " before its ApplicationMaster came up: "
                        + report.getDiagnostics().trim());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchedulerException("interrupted while waiting for YARN application " + app);
            }
        }
        ApplicationReport report = yarn.getApplicationReport(app);
        throw new SchedulerException("the ApplicationMaster of YARN application " + app + " did not come up within "
                + timeout + " ms (state " + report.getYarnApplicationState() + "; "
                + report.getDiagnostics().trim() + ")");
    }

    private static void undo(
            YarnClient yarn, ApplicationId app, CorePackage.Location core, List<URI> uploaded, YarnConfiguration conf) {
        if (app != null) {
            try {
                yarn.killApplication(app);
            } catch (IOException | YarnException | RuntimeException e) {
                LOG.warn("cannot kill YARN application {}", app, e);
            }
        }
        if (core != null && core.owned()) {
            delete(core.uri(), conf);
        }
        for (URI file : uploaded) {
            if (file != null) {
                delete(file, conf);
            }
        }
    }

    static void delete(URI file, Configuration conf) {
        try (FileSystem fs = FileSystem.newInstance(file, conf)) {
            fs.delete(new org.apache.hadoop.fs.Path(file), false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot delete {}", file, e);
        }
    }
}

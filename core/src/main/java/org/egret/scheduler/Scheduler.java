package org.egret.scheduler;

import java.time.Duration;
import java.util.List;
import org.egret.proto.ContainerPlan;
import org.egret.proto.PackingPlan;

/**
 * Runs a topology's containers on a cluster manager (docs/design.md, section 3): container 0 for the
 * Topology Master, containers 1..N for the packing plan's bins, each running an executor.
 * Implementations: local processes, a YARN ApplicationMaster, a Mesos framework.
 */
public interface Scheduler extends AutoCloseable {
    /** Starts every container of the plan; returns once they have been launched. */
    void schedule(PackingPlan plan) throws SchedulerException;

    /** Stops every container and waits until they are gone. */
    void kill() throws SchedulerException;

    /** Restarts one container, or every container when {@code container < 0}. */
    void restart(int container) throws SchedulerException;

    /**
     * Starts the containers an update adds ({@code next} is the whole plan being moved to) and returns
     * once each of them runs; their executors wait until the packing plan names their container. On
     * failure (e.g. the cluster cannot grant them within {@code timeout}) it stops and forgets whatever
     * it started before throwing, so the topology is left as it was. An empty {@code added} returns at once.
     */
    void addContainers(PackingPlan next, List<ContainerPlan> added, Duration timeout) throws SchedulerException;

    /**
     * Stops containers that are no longer in the plan (removed by an update, or added by an update that
     * is being rolled back), waits until they are gone and never starts them again.
     */
    void removeContainers(List<Integer> containers) throws SchedulerException;

    @Override
    void close();
}

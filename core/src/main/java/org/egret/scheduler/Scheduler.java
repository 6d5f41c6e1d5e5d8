package org.egret.scheduler;

import org.egret.proto.PackingPlan;

/**
 * Runs a topology's containers on a cluster manager (DESIGN.md section 3): container 0 for the
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

  @Override
  void close();
}

package org.egret.scheduler;

/**
 * Starts a topology's scheduler from the submitting machine: a local supervising process, a YARN
 * application, a Mesos framework. Returns once the scheduler has published its location.
 */
public interface Launcher {
  void launch(LaunchContext context) throws SchedulerException;
}

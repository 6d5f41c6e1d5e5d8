package org.egret.scheduler;

import java.time.Duration;
import org.egret.config.EgretConfig;
import org.egret.proto.ExecutionState;
import org.egret.proto.PackingPlan;
import org.egret.runtime.ProcessOptions;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;
import org.egret.statemgr.StateManagers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every scheduler process (local, Mesos, YARN ApplicationMaster) starts from: its options, its
 * config, the state manager and the topology's packing plan. A scheduler that fails to start logs
 * why and exits non-zero, so its launcher reports the log.
 */
public record SchedulerProcess(ProcessOptions opts, EgretConfig config, StateManager state, PackingPlan plan) {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerProcess.class);

  /** A scheduler's body, run once the process has its context. */
  public interface Body {
    void run(SchedulerProcess process) throws Exception;
  }

  /** The {@code main} of a scheduler process called {@code what} (for the log). */
  public static void main(String[] args, String what, Body body) {
    ProcessOptions opts = ProcessOptions.parse(args);
    try {
      EgretConfig config = opts.loadConfig();
      StateManager state = StateManagers.open(config);
      PackingPlan plan = state.get(StateKind.PACKING_PLANS, opts.topology(), PackingPlan.parser())
          .orElseThrow(() -> new IllegalStateException("no packing plan for '" + opts.topology()
              + "' in the state manager"));
      body.run(new SchedulerProcess(opts, config, state, plan));
    } catch (Throwable e) {
      LOG.error("{} of '{}' failed", what, opts.topology(), e);
      System.exit(1);
    }
  }

  /** The update transaction of this topology, run by {@code scheduler} (see {@link TopologyUpdate}). */
  public TopologyUpdate update(Scheduler scheduler) {
    return new TopologyUpdate(state, opts.topology(), scheduler,
        Duration.ofMillis(config.get(SchedulerKeys.UPDATE_TIMEOUT_MS)));
  }

  /**
   * Records that the scheduler gave the topology up (e.g. a container failed too often), so that
   * {@code egret list} shows it; the topology stays until it is killed.
   */
  public void markFailed(String why) {
    LOG.error("topology '{}' FAILED: {}", opts.topology(), why);
    state.get(StateKind.EXECUTION_STATE, opts.topology(), ExecutionState.parser())
        .ifPresent(es -> state.set(StateKind.EXECUTION_STATE, opts.topology(),
            es.toBuilder().setFailure(why).build()));
  }

  public String topology() {
    return opts.topology();
  }
}

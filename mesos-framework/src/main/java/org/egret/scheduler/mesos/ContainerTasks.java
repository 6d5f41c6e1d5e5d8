package org.egret.scheduler.mesos;

import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;

/** Builds the Mesos task that runs one container (the executor in production; anything in tests). */
public interface ContainerTasks {
  String topology();

  TaskInfo build(String taskId, int container, AgentID agent, List<Resource> resources);
}

package org.egret.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every Egret key, collected from the per-role holder classes. */
public final class ConfigRegistry {
  private static final List<String> HOLDERS = List.of(
      "org.egret.config.CommonKeys",
      "org.egret.runtime.LogKeys",
      "org.egret.packing.PackingKeys",
      "org.egret.statemgr.StateMgrKeys",
      "org.egret.uploader.UploaderKeys",
      "org.egret.scheduler.SchedulerKeys",
      "org.egret.scheduler.ContainerFailureKeys",
      "org.egret.executor.ExecutorKeys",
      "org.egret.tmaster.TMasterKeys",
      "org.egret.stmgr.StMgrKeys",
      "org.egret.metricsmgr.MetricsMgrKeys",
      "org.egret.config.InstanceKeys",
      "org.egret.net.TransportKeys",
      "org.egret.cli.SubmitKeys");
  /** Holders in optional modules: their keys are known wherever the module is on the class path. */
  private static final List<String> OPTIONAL_HOLDERS = List.of(
      "org.egret.statemgr.zk.ZkAuthKeys");

  private static final Map<String, ConfigKey<?>> KEYS = collect();

  private ConfigRegistry() {
  }

  public static Map<String, ConfigKey<?>> keys() {
    return KEYS;
  }

  private static Map<String, ConfigKey<?>> collect() {
    Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
    List<String> holders = new ArrayList<>(HOLDERS);
    for (String optional : OPTIONAL_HOLDERS) {
      try {
        Class.forName(optional, false, ConfigRegistry.class.getClassLoader());
        holders.add(optional);
      } catch (ClassNotFoundException e) {
        // that module is not installed: its keys are unknown here
      }
    }
    for (String holder : holders) {
      Class<?> cls;
      try {
        cls = Class.forName(holder);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("config holder class missing: " + holder, e);
      }
      for (Field f : cls.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) && ConfigKey.class.isAssignableFrom(f.getType())) {
          try {
            ConfigKey<?> key = (ConfigKey<?>) f.get(null);
            if (keys.put(key.name(), key) != null) {
              throw new IllegalStateException("config key declared twice: " + key.name());
            }
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return Collections.unmodifiableMap(keys);
  }
}

package org.egret.config;

/** Keys every process reads. */
public final class CommonKeys {
    private CommonKeys() {}

    public static final ConfigKey<String> WORKING_DIR = ConfigKey.string(
            "egret.working.dir",
            System.getProperty("user.home") + "/.egret/topologies",
            "Where containers of the local cluster keep their package, logs and port files.");

    public static final ConfigKey<String> JAVA_HOME = ConfigKey.string(
            "egret.java.home",
            System.getProperty("java.home"),
            "The Java installation every Egret process is started with.");

    public static final ConfigKey<String> HOST = ConfigKey.string(
            "egret.host",
            "127.0.0.1",
            "The host name or address this host's servers advertise to their peers, which may run on other hosts;"
                    + " it must resolve there. Servers also bind it unless egret.bind.host is set. Loopback is the default"
                    + " for the embedded local cluster only: YARN containers get their NodeManager's host, Mesos tasks"
                    + " their agent's hostname.");

    public static final ConfigKey<String> BIND_HOST = ConfigKey.string(
            "egret.bind.host",
            "",
            "The address servers bind when it differs from the advertised egret.host (as Kafka's listeners and"
                    + " advertised.listeners): e.g. 0.0.0.0 behind NAT. Empty: the address egret.host resolves to.");
}

package org.egret.bench;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.egret.bench.topology.BenchTopology;

/**
 * The Storm side, in its own JVM so that its CPU and RSS are measured like Egret's processes:
 * a LocalCluster (Storm 2.8.3, workers as threads of this JVM) running one benchmark topology.
 * {@code storm.local.mode.zmq: true} makes workers exchange tuples over Netty (serialized), the
 * fair peer of a process-based engine. Runs until its standard input closes, then halts.
 * Args: {@code <name> <workload> <on|off> <outDir> <workers> <spouts> <bolts>}.
 */
public final class StormRunner {
    private StormRunner() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        String workload = args[1];
        boolean acking = "on".equals(args[2]);
        String outDir = args[3];
        int workers = Integer.parseInt(args[4]);
        int spouts = Integer.parseInt(args[5]);
        int bolts = Integer.parseInt(args[6]);

        Map<String, Object> daemon = new HashMap<>();
        daemon.put(Config.STORM_LOCAL_MODE_ZMQ, true);
        LocalCluster cluster = new LocalCluster.Builder()
                .withSupervisors(1)
                .withPortsPerSupervisor(Math.max(2, workers))
                .withDaemonConf(daemon)
                .build();
        Config conf = BenchTopology.config(acking, workers);
        conf.put(Config.STORM_LOCAL_MODE_ZMQ, true);
        cluster.submitTopology(name, conf, BenchTopology.build(workload, acking, outDir, spouts, bolts));
        System.out.println("SUBMITTED " + name);
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for the harness to close our stdin
        }
        Runtime.getRuntime().halt(0);
    }
}

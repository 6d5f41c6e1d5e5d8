package org.egret.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts of their own on this one machine: a network namespace per container (its own interfaces, its
 * own 127.0.0.1, its own /etc/hosts and, through a UTS namespace, its own hostname), joined by a bridge
 * this test creates and removes. The scheduler stays in the machine's namespace on the bridge's address,
 * as a submitting host would be. Needs root and {@code ip} (iproute2), as the test machines have.
 */
final class NetnsHosts implements AutoCloseable {
    private final String prefix;
    private final String bridge;
    private final String subnet;
    private final int hosts;
    private final Path script;
    private final List<String> created = new ArrayList<>();

    NetnsHosts(Path dir, int hosts) throws Exception {
        long id = ProcessHandle.current().pid() % 10_000;
        this.prefix = "egit" + id + "c";
        this.bridge = "egitbr" + id;
        this.subnet = "10.77." + (1 + id % 250);
        this.hosts = hosts;
        try {
            ip("link", "add", bridge, "type", "bridge");
            created.add("bridge");
            ip("addr", "add", subnet + ".1/24", "dev", bridge);
            ip("link", "set", bridge, "up");
            for (int c = 0; c < hosts; c++) {
                String ns = prefix + c;
                ip("netns", "add", ns);
                created.add(ns);
                // the peer is born inside the namespace, so no two namespaces' eth0 ever meet
                ip("link", "add", "v" + ns, "type", "veth", "peer", "name", "eth0", "netns", ns);
                ip("link", "set", "v" + ns, "master", bridge);
                ip("link", "set", "v" + ns, "up");
                ip("-n", ns, "addr", "add", address(c) + "/24", "dev", "eth0");
                ip("-n", ns, "link", "set", "eth0", "up");
                ip("-n", ns, "link", "set", "lo", "up");
                // ip netns exec mounts /etc/netns/<ns>/hosts over /etc/hosts: each host knows its own name
                Path etc = Files.createDirectories(Path.of("/etc/netns", ns));
                Files.writeString(
                        etc.resolve("hosts"), "127.0.0.1 localhost\n" + address(c) + " " + hostname(c) + "\n");
            }
            script = dir.resolve("enter-host");
            Files.writeString(
                    script,
                    "#!/bin/sh\n"
                            + "# enter-host N command...: runs the command as container N's host\n"
                            + "n=\"$1\"; shift\n"
                            + "exec ip netns exec " + prefix
                            + "\"$n\" unshare --uts sh -c 'hostname \"$0\" && exec \"$@\"' "
                            + "egret-host-\"$n\" \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    String address(int container) {
        return subnet + "." + (10 + container);
    }

    String hostname(int container) {
        return "egret-host-" + container;
    }

    /** The cluster with each container started in its namespace, on its address; the scheduler on the bridge. */
    LocalCluster apply(LocalCluster cluster) {
        return cluster.withHostPerContainer(subnet + ".1", address(0))
                .withConfigProperty("egret.local.container.launcher", script + ",{container}");
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": no answer in 30 s");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out.strip()
                    + " (these tests need root and iproute2)");
        }
    }

    @Override
    public void close() {
        for (int c = hosts - 1; c >= 0; c--) {
            String ns = prefix + c;
            if (created.contains(ns)) {
                quietly("netns", "del", ns);
            }
            Path etc = Path.of("/etc/netns", ns);
            try {
                Files.deleteIfExists(etc.resolve("hosts"));
                Files.deleteIfExists(etc);
            } catch (IOException e) {
                System.err.println("cannot remove " + etc + ": " + e);
            }
        }
        if (created.contains("bridge")) {
            quietly("link", "del", bridge);
        }
    }

    private static void quietly(String... args) {
        try {
            ip(args);
        } catch (Exception e) {
            System.err.println(e.getMessage());
        }
    }
}

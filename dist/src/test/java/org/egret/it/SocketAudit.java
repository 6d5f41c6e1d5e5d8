package org.egret.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The TCP sockets a set of processes hold, read from {@code /proc}: each process's socket inodes from
 * {@code /proc/<pid>/fd}, matched against the kernel's tables of that process's network namespace in
 * {@code /proc/<pid>/net/tcp} and {@code tcp6} (Java's sockets are IPv6 ones, with IPv4 peers as mapped
 * addresses). Lets a test check which addresses
 * the processes really listen on and connect between, not which ones they say they use.
 */
final class SocketAudit {
    /** One socket: its local and remote address (IPv4 mapped addresses unwrapped) and whether it listens. */
    record Socket(long pid, InetAddress local, int localPort, InetAddress remote, int remotePort, boolean listening) {
        @Override
        public String toString() {
            return (listening ? "LISTEN " : "") + local.getHostAddress() + ":" + localPort
                    + (listening ? "" : " -> " + remote.getHostAddress() + ":" + remotePort) + " (pid " + pid + ")";
        }
    }

    private static final String LISTEN = "0A";
    private static final String CLOSE = "07";
    private static final String TIME_WAIT = "06";

    private SocketAudit() {}

    /** The live TCP sockets of {@code pid}s (sockets closing or in TIME_WAIT are no one's any more). */
    static List<Socket> of(Iterable<Long> pids) {
        List<Socket> out = new ArrayList<>();
        for (long pid : pids) {
            Map<Long, String[]> byInode = new HashMap<>();
            table(Path.of("/proc", Long.toString(pid), "net", "tcp"), byInode);
            table(Path.of("/proc", Long.toString(pid), "net", "tcp6"), byInode);
            for (long inode : socketInodes(pid)) {
                String[] row = byInode.get(inode);
                if (row == null || row[3].equals(CLOSE) || row[3].equals(TIME_WAIT)) {
                    continue;
                }
                String[] local = row[1].split(":");
                String[] remote = row[2].split(":");
                out.add(new Socket(
                        pid,
                        address(local[0]),
                        Integer.parseInt(local[1], 16),
                        address(remote[0]),
                        Integer.parseInt(remote[1], 16),
                        row[3].equals(LISTEN)));
            }
        }
        return out;
    }

    /** True for the addresses no process of a per-container-address cluster may use: loopback's own 127.0.0.1 and any wildcard. */
    static boolean forbidden(InetAddress a) {
        byte[] b = a.getAddress();
        boolean v4Loopback1 = b.length == 4 && b[0] == 127 && b[1] == 0 && b[2] == 0 && b[3] == 1;
        return v4Loopback1 || a.isAnyLocalAddress() || (b.length == 16 && a.isLoopbackAddress());
    }

    private static void table(Path file, Map<Long, String[]> byInode) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return; // no IPv6, or the process ended
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines.subList(1, lines.size())) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            String[] f = line.trim().split("\\s+");
            byInode.put(Long.parseLong(f[9]), new String[] {f[0], f[1], f[2], f[3]});
        }
    }

    private static List<Long> socketInodes(long pid) {
        List<Long> inodes = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException e) {
                    // the descriptor closed while we looked
                }
            }
        } catch (IOException e) {
            // the process ended while we looked
        }
        return inodes;
    }

    /**
     * A hex address as the kernel prints it: 4-byte words in host (little-endian) order; an IPv4-mapped
     * IPv6 address comes back as the IPv4 address.
     */
    private static InetAddress address(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(hex, e);
        }
    }
}

package org.egret.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import org.egret.config.CommonKeys;
import org.egret.config.ConfigException;
import org.egret.config.ConfigKey;
import org.egret.config.EgretConfig;

/**
 * Where this process is on the network: the address its servers bind, the host name it advertises to
 * peers (which may be on other hosts), and the address its own connections leave from. Checked once at
 * process start, so a host that does not resolve or is not this machine's fails there with the key's
 * name instead of as silent connection failures later.
 *
 * <p>Connections leave from the bind address too: on a host with several addresses (or a test that gives
 * each container its own loopback address) a peer then sees the same address it was told to reach, and
 * nothing of a container uses an address that belongs to another.
 */
public final class NodeAddress {
    private final String advertised;
    private final InetAddress bind;

    private NodeAddress(String advertised, InetAddress bind) {
        this.advertised = advertised;
        this.bind = bind;
    }

    /** From {@code egret.host} and {@code egret.bind.host}; throws {@link ConfigException} naming the key at fault. */
    public static NodeAddress from(EgretConfig config) {
        String host = config.get(CommonKeys.HOST).trim();
        if (host.isEmpty()) {
            throw new ConfigException(CommonKeys.HOST.name() + " is empty: set it to this host's name or address");
        }
        InetAddress advertisedAddress = resolve(CommonKeys.HOST, host);
        String bindHost = config.get(CommonKeys.BIND_HOST).trim();
        if (bindHost.isEmpty()) {
            requireLocal(CommonKeys.HOST, host, advertisedAddress);
            return new NodeAddress(host, advertisedAddress);
        }
        InetAddress bind = resolve(CommonKeys.BIND_HOST, bindHost);
        if (!bind.isAnyLocalAddress()) {
            requireLocal(CommonKeys.BIND_HOST, bindHost, bind);
        }
        return new NodeAddress(host, bind);
    }

    /** For tests and tools that know both already. */
    public static NodeAddress of(String advertised, InetAddress bind) {
        return new NodeAddress(advertised, bind);
    }

    /** The host name or address peers are told to connect to. */
    public String advertisedHost() {
        return advertised;
    }

    /** The address servers listen on. */
    public InetAddress bindAddress() {
        return bind;
    }

    /**
     * The address this process's connections leave from, or null to let the kernel choose (when servers
     * bind every interface, no single address is this host's).
     */
    public InetAddress sourceAddress() {
        return bind.isAnyLocalAddress() ? null : bind;
    }

    /** True when {@code host} names an address of this machine, i.e. one a process here could bind. */
    public static boolean isLocal(String host) {
        try {
            return bindable(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static InetAddress resolve(ConfigKey<String> key, String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException(key.name() + ": '" + host + "' does not resolve");
        }
    }

    private static void requireLocal(ConfigKey<String> key, String host, InetAddress address) {
        if (!bindable(address)) {
            throw new ConfigException(
                    key.name() + ": '" + host + "' (" + address.getHostAddress() + ") is not an address of this host");
        }
    }

    private static boolean bindable(InetAddress address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return advertised
                + (bind.getHostAddress().equals(advertised) ? "" : " (bound on " + bind.getHostAddress() + ")");
    }
}

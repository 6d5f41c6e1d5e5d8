package org.egret.scheduler.local;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.egret.config.CommonKeys;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.egret.net.NodeAddress;
import org.egret.scheduler.SchedulerKeys;

/**
 * The host each container of the local cluster runs as: {@code egret.host} for all, or with
 * {@code egret.local.container.first.host} an address of its own per container, so that a single
 * machine exercises what many hosts would: nothing may rely on reaching another container's servers at
 * its own address.
 */
final class ContainerHosts {
    private final String shared;
    private final int first;
    private final boolean perContainer;
    private final List<String> launched;

    ContainerHosts(EgretConfig config) {
        shared = config.get(CommonKeys.HOST);
        String base = config.get(SchedulerKeys.LOCAL_CONTAINER_FIRST_HOST).trim();
        perContainer = !base.isEmpty();
        launched = config.get(SchedulerKeys.LOCAL_CONTAINER_LAUNCHER);
        first = perContainer ? ipv4(base) : 0;
    }

    /** The {@code egret.host} of container {@code index}. */
    String of(int index) {
        if (!perContainer) {
            return shared;
        }
        long address = (first & 0xffffffffL) + index;
        if (address > 0xffffffffL) {
            throw new ConfigException(
                    SchedulerKeys.LOCAL_CONTAINER_FIRST_HOST.name() + ": no address left for container " + index);
        }
        return ((address >> 24) & 0xff) + "." + ((address >> 16) & 0xff) + "." + ((address >> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /**
     * Fails when the first per-container address is not one of this machine's, unless containers are
     * started through a launcher (which may give them a network of their own, where it is).
     */
    void check() {
        if (perContainer && launched.isEmpty() && !NodeAddress.isLocal(of(0))) {
            throw new ConfigException(
                    SchedulerKeys.LOCAL_CONTAINER_FIRST_HOST.name() + ": " + of(0) + " is not an address of this host");
        }
    }

    private static int ipv4(String literal) {
        if (!literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new ConfigException(SchedulerKeys.LOCAL_CONTAINER_FIRST_HOST.name()
                    + " must be an IPv4 address, got '" + literal + "'");
        }
        try {
            InetAddress a = InetAddress.getByName(literal);
            if (!(a instanceof Inet4Address)) {
                throw new UnknownHostException(literal);
            }
            byte[] b = a.getAddress();
            return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        } catch (UnknownHostException e) {
            throw new ConfigException(SchedulerKeys.LOCAL_CONTAINER_FIRST_HOST.name()
                    + " must be an IPv4 address, got '" + literal + "'");
        }
    }
}

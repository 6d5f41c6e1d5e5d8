package org.egret.scheduler.yarn;

import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.client.api.async.AMRMClientAsync;
import org.apache.hadoop.yarn.client.api.async.NMClientAsync;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** The ResourceManager and NodeManager clients of the ApplicationMaster; a test passes fakes it drives itself. */
interface YarnClients {
    int HEARTBEAT_MS = 500;

    AMRMClientAsync<ContainerRequest> rm(AMRMClientAsync.AbstractCallbackHandler events);

    NMClientAsync nm(NMClientAsync.AbstractCallbackHandler events);

    /** A synchronous client, for stopping containers and waiting until they are gone. */
    NMClient stopper();

    /** The real clients, configured from {@code conf}. */
    static YarnClients of(YarnConfiguration conf) {
        return new YarnClients() {
            @Override
            public AMRMClientAsync<ContainerRequest> rm(AMRMClientAsync.AbstractCallbackHandler events) {
                AMRMClientAsync<ContainerRequest> rm = AMRMClientAsync.createAMRMClientAsync(HEARTBEAT_MS, events);
                rm.init(conf);
                return rm;
            }

            @Override
            public NMClientAsync nm(NMClientAsync.AbstractCallbackHandler events) {
                NMClientAsync nm = NMClientAsync.createNMClientAsync(events);
                nm.init(conf);
                return nm;
            }

            @Override
            public NMClient stopper() {
                NMClient stopper = NMClient.createNMClient();
                stopper.init(conf);
                return stopper;
            }
        };
    }
}

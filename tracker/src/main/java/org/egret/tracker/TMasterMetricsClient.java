package org.egret.tracker;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.egret.config.EgretConfig;
import org.egret.net.RequestClient;
import org.egret.net.Wire;
import org.egret.net.auth.AuthSettings;
import org.egret.proto.MetricsQueryRequest;
import org.egret.proto.MetricsQueryResponse;
import org.egret.proto.TMasterLocation;
import org.egret.statemgr.StateKind;

/** Asks a topology's TM for metrics: one request per API call, whatever the number of instances. */
class TMasterMetricsClient {
    private final StateReader state;
    private final Duration timeout;
    private final EgretConfig config;

    TMasterMetricsClient(StateReader state, EgretConfig config, Duration timeout) {
        this.state = state;
        this.config = config;
        this.timeout = timeout;
    }

    MetricsQueryResponse query(String topology, MetricsQueryRequest request) {
        TMasterLocation tm = state.optional(StateKind.TMASTERS, topology, TMasterLocation.parser())
                .orElseThrow(() -> state.exists(topology)
                        ? new ApiException(503, "topology '" + topology + "' has no running topology master")
                        : ApiException.notFound("no topology '" + topology + "'"));
        try {
            return call(tm, request);
        } catch (TimeoutException | RuntimeException e) {
            state.checkExists(topology);
            throw new ApiException(
                    503,
                    "topology master of '" + topology + "' at " + tm.getHost() + ":" + tm.getServerPort()
                            + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted");
        }
    }

    /** The network call; tests replace it. */
    MetricsQueryResponse call(TMasterLocation tm, MetricsQueryRequest request)
            throws TimeoutException, InterruptedException {
        Wire wire = Wire.control(
                AuthSettings.of(state.secret(tm.getTopologyName()), tm.getTopologyId(), "tracker", config), config);
        return RequestClient.call(tm.getHost(), tm.getServerPort(), wire, request, MetricsQueryResponse.class, timeout);
    }
}

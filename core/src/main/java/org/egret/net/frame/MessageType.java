package org.egret.net.frame;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.HashMap;
import java.util.Map;
import org.egret.proto.AckBatch;
import org.egret.proto.AuthChallenge;
import org.egret.proto.AuthHello;
import org.egret.proto.AuthProof;
import org.egret.proto.AuthRefused;
import org.egret.proto.BackPressureNotice;
import org.egret.proto.ControlRequest;
import org.egret.proto.ControlResponse;
import org.egret.proto.HelloStMgr;
import org.egret.proto.MetricsBatch;
import org.egret.proto.MetricsPublish;
import org.egret.proto.MetricsQueryRequest;
import org.egret.proto.MetricsQueryResponse;
import org.egret.proto.NewPhysicalPlan;
import org.egret.proto.RegisterInstanceRequest;
import org.egret.proto.RegisterInstanceResponse;
import org.egret.proto.RegisterStMgrRequest;
import org.egret.proto.RegisterStMgrResponse;
import org.egret.proto.SchedulerRequest;
import org.egret.proto.SchedulerResponse;
import org.egret.proto.StMgrHeartbeat;
import org.egret.proto.TaskBatch;

/** The one-byte type tag in front of every frame's protobuf body. Codes are wire format: never reuse one. */
public enum MessageType {
    REGISTER_STMGR_REQUEST(1, RegisterStMgrRequest.class, RegisterStMgrRequest.parser()),
    REGISTER_STMGR_RESPONSE(2, RegisterStMgrResponse.class, RegisterStMgrResponse.parser()),
    STMGR_HEARTBEAT(3, StMgrHeartbeat.class, StMgrHeartbeat.parser()),
    NEW_PHYSICAL_PLAN(4, NewPhysicalPlan.class, NewPhysicalPlan.parser()),
    REGISTER_INSTANCE_REQUEST(5, RegisterInstanceRequest.class, RegisterInstanceRequest.parser()),
    REGISTER_INSTANCE_RESPONSE(6, RegisterInstanceResponse.class, RegisterInstanceResponse.parser()),
    HELLO_STMGR(7, HelloStMgr.class, HelloStMgr.parser()),
    // 8 was TUPLE_BATCH (tuples for several tasks, split by the stream manager)
    CONTROL_REQUEST(9, ControlRequest.class, ControlRequest.parser()),
    CONTROL_RESPONSE(10, ControlResponse.class, ControlResponse.parser()),
    SCHEDULER_REQUEST(11, SchedulerRequest.class, SchedulerRequest.parser()),
    SCHEDULER_RESPONSE(12, SchedulerResponse.class, SchedulerResponse.parser()),
    METRICS_BATCH(13, MetricsBatch.class, MetricsBatch.parser()),
    ACK_BATCH(14, AckBatch.class, AckBatch.parser()),
    BACK_PRESSURE(15, BackPressureNotice.class, BackPressureNotice.parser()),
    TASK_BATCH(16, TaskBatch.class, TaskBatch.parser()),
    // Tracker metrics
    METRICS_PUBLISH(20, MetricsPublish.class, MetricsPublish.parser()),
    METRICS_QUERY_REQUEST(21, MetricsQueryRequest.class, MetricsQueryRequest.parser()),
    METRICS_QUERY_RESPONSE(22, MetricsQueryResponse.class, MetricsQueryResponse.parser()),
    // Connection authentication: the only frames parsed before a connection is authenticated
    AUTH_HELLO(30, AuthHello.class, AuthHello.parser()),
    AUTH_CHALLENGE(31, AuthChallenge.class, AuthChallenge.parser()),
    AUTH_PROOF(32, AuthProof.class, AuthProof.parser()),
    AUTH_REFUSED(33, AuthRefused.class, AuthRefused.parser());

    private static final MessageType[] BY_CODE = new MessageType[64];
    private static final Map<Class<?>, MessageType> BY_CLASS = new HashMap<>();

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
            BY_CLASS.put(t.type, t);
        }
    }

    private final byte code;
    private final Class<? extends Message> type;
    private final Parser<? extends Message> parser;

    MessageType(int code, Class<? extends Message> type, Parser<? extends Message> parser) {
        this.code = (byte) code;
        this.type = type;
        this.parser = parser;
    }

    /** Whether frames with this type code may be parsed before their connection is authenticated. */
    public static boolean beforeAuthentication(byte code) {
        return code >= AUTH_HELLO.code && code <= AUTH_REFUSED.code;
    }

    public byte code() {
        return code;
    }

    public Parser<? extends Message> parser() {
        return parser;
    }

    public static MessageType of(byte code) {
        MessageType t = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (t == null) {
            throw new IllegalArgumentException("unknown message type " + code);
        }
        return t;
    }

    public static MessageType of(Message m) {
        MessageType t = BY_CLASS.get(m.getClass());
        if (t == null) {
            throw new IllegalArgumentException(
                    "not a wire message: " + m.getClass().getName());
        }
        return t;
    }
}

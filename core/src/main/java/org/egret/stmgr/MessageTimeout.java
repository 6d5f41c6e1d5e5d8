package org.egret.stmgr;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The topology's {@code topology.message.timeout.secs} (Storm's default 30), read from the Storm config
 * in the container's own package: the physical plan carries no config values.
 */
final class MessageTimeout {
    static final int STORM_DEFAULT_SECS = 30;

    private MessageTimeout() {}

    /** From the package's {@code storm-conf.json}; Storm's default when the container has none (tests). */
    static int of(Path stormConf) {
        if (!Files.exists(stormConf)) {
            return STORM_DEFAULT_SECS;
        }
        try {
            return ofJson(Files.readString(stormConf, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stormConf, e);
        }
    }

    static int ofJson(String configJson) {
        if (configJson.isEmpty()) {
            return STORM_DEFAULT_SECS;
        }
        Struct.Builder conf = Struct.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(configJson, conf);
        } catch (InvalidProtocolBufferException e) {
            return STORM_DEFAULT_SECS;
        }
        Value v = conf.getFieldsMap().get("topology.message.timeout.secs");
        if (v == null || !v.hasNumberValue() || v.getNumberValue() < 1) {
            return STORM_DEFAULT_SECS;
        }
        return (int) v.getNumberValue();
    }
}

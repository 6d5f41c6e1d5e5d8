package org.egret.tmaster;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.egret.config.EgretConfig;
import org.egret.statemgr.StateKind;
import org.egret.statemgr.StateManager;

/** A state manager held in a map, for tests of code that only reads and writes nodes. */
final class InMemoryStateManager implements StateManager {
    private final Map<String, byte[]> nodes = new HashMap<>();

    private static String key(StateKind kind, String topology) {
        return kind.dir() + "/" + topology;
    }

    @Override
    public void initialize(EgretConfig config) {}

    @Override
    public void set(StateKind kind, String topology, Message value) {
        nodes.put(key(kind, topology), value.toByteArray());
    }

    @Override
    public <T extends Message> Optional<T> get(StateKind kind, String topology, Parser<T> parser) {
        byte[] b = nodes.get(key(kind, topology));
        try {
            return b == null ? Optional.empty() : Optional.of(parser.parseFrom(b));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void delete(StateKind kind, String topology) {
        nodes.remove(key(kind, topology));
    }

    @Override
    public List<String> list(StateKind kind) {
        List<String> out = new ArrayList<>();
        nodes.keySet().stream()
                .filter(k -> k.startsWith(kind.dir() + "/"))
                .forEach(k -> out.add(k.substring(kind.dir().length() + 1)));
        return out;
    }

    @Override
    public <T extends Message> Watch watch(
            StateKind kind, String topology, Parser<T> parser, java.util.function.Consumer<Optional<T>> listener) {
        get(kind, topology, parser).ifPresent(v -> listener.accept(Optional.of(v)));
        return () -> {};
    }

    @Override
    public TMasterHold holdTMaster(org.egret.proto.TMasterLocation location, Runnable onLost) {
        set(StateKind.TMASTERS, location.getTopologyName(), location);
        return () -> delete(StateKind.TMASTERS, location.getTopologyName());
    }

    @Override
    public Lock lock(String topology, Duration timeout) {
        return () -> {};
    }

    @Override
    public void close() {}
}

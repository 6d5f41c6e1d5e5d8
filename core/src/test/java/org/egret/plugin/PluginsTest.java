package org.egret.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.egret.config.CommonKeys;
import org.egret.config.ConfigKey;
import org.egret.config.EgretConfig;
import org.egret.metricsmgr.MetricsSink;
import org.egret.packing.PackingAlgorithm;
import org.egret.packing.RepackingAlgorithm;
import org.egret.scheduler.Launcher;
import org.egret.statemgr.StateManager;
import org.egret.uploader.PackageSource;
import org.egret.uploader.Uploader;
import org.junit.jupiter.api.Test;

class PluginsTest {
    /** A plug point of this test alone; its services file lists both implementations. */
    public interface Greeter extends Plugin {
        String greet();
    }

    @PluginType("plain")
    public static final class PlainGreeter implements Greeter {
        private String name = "?";

        @Override
        public void initialize(EgretConfig config) {
            name = config.get(CommonKeys.HOST);
        }

        @Override
        public String greet() {
            return "hello " + name;
        }
    }

    @PluginType("loud")
    public static final class LoudGreeter implements Greeter {
        @Override
        public String greet() {
            return "HELLO";
        }
    }

    /** A key whose default names a type nobody installed. */
    private static final ConfigKey<String> MISSING = ConfigKey.string("egret.test.greeter.type", "whisper", "test");

    @Test
    void coreInstallsItsOwnImplementationsOfEveryPlugPoint() {
        assertEquals(List.of("local"), Plugins.types(StateManager.class));
        assertEquals(List.of("local"), Plugins.types(Uploader.class));
        assertEquals(List.of("local"), Plugins.types(Launcher.class));
        assertEquals(List.of("first-fit-decreasing", "round-robin"), Plugins.types(PackingAlgorithm.class));
        assertEquals(List.of("scaling"), Plugins.types(RepackingAlgorithm.class));
        assertEquals(List.of("file"), Plugins.types(PackageSource.class));
        assertEquals(List.of("file", "graphite", "prometheus", "tmaster"), Plugins.types(MetricsSink.class));
    }

    @Test
    void opensTheNamedTypeAndInitializesIt() {
        EgretConfig config = EgretConfig.fromMap(Map.of("egret.host", "10.1.2.3"));
        Greeter g = Plugins.open(Greeter.class, ConfigKey.string("egret.test.type", "plain", "test"), config);
        assertInstanceOf(PlainGreeter.class, g);
        assertEquals("hello 10.1.2.3", g.greet());
        assertEquals(List.of("loud", "picky", "plain"), Plugins.types(Greeter.class));
    }

    @PluginType("picky")
    public static final class PickyGreeter implements Greeter {
        static boolean closed;

        @Override
        public void initialize(EgretConfig config) {
            throw new IllegalArgumentException("egret.host must not be " + config.get(CommonKeys.HOST));
        }

        @Override
        public String greet() {
            return "";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aPluginThatRefusesItsConfigIsClosedAndSaysWhyInItsOwnWords() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Plugins.open(
                        Greeter.class, ConfigKey.string("egret.test.type", "picky", "test"), EgretConfig.defaults()));
        assertEquals("egret.host must not be 127.0.0.1", e.getMessage());
        assertTrue(PickyGreeter.closed);
    }

    @Test
    void anUnknownTypeFailsWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Plugins.open(Greeter.class, MISSING, EgretConfig.defaults()));
        assertEquals(
                "egret.test.greeter.type: no Greeter of type 'whisper' is installed; the known types are loud, picky, plain",
                e.getMessage());
        assertTrue(Plugins.create(Greeter.class, "whisper").isEmpty());
    }
}

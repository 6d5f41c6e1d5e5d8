package org.egret.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The options of a task JVM: Egret's collector unless the user chose one (the JVM refuses two). */
class TaskJvmOptsTest {
    private static final String GC = "-XX:+UseParallelGC -XX:ParallelGCThreads=2";

    @Test
    void egretsCollectorGoesFirstWhenNobodyChoseOne() {
        assertEquals(
                List.of("-XX:+UseParallelGC", "-XX:ParallelGCThreads=2", "-Dx=1", "-Xss1m"),
                ContainerProcesses.taskJvmOpts("-Dx=1", List.of("-Xss1m"), GC));
    }

    @Test
    void aCollectorInTheTopologysChildoptsWins() {
        assertEquals(
                List.of("-Xss1m", "-XX:+UseG1GC"),
                ContainerProcesses.taskJvmOpts("", List.of("-Xss1m", "-XX:+UseG1GC"), GC));
    }

    @Test
    void aCollectorInEgretsInstanceOptionsWins() {
        assertEquals(List.of("-XX:+UseSerialGC"), ContainerProcesses.taskJvmOpts("-XX:+UseSerialGC", List.of(), GC));
    }

    @Test
    void anEmptyCollectorSettingLeavesTheJvmDefault() {
        assertEquals(List.of("-Dx=1"), ContainerProcesses.taskJvmOpts("-Dx=1", List.of(), ""));
    }
}

package org.egret.scheduler.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.egret.config.EgretConfig;
import org.junit.jupiter.api.Test;

class AgentHealthTest {
    private static final long S = 1_000_000_000L;
    /** Any nanoTime value: it may be negative, and comparisons must survive its wrap. */
    private static final long T0 = Long.MAX_VALUE - 100 * S;

    private static AgentHealth health() {
        return new AgentHealth(new AgentHealth.Policy(3, Duration.ofSeconds(60), Duration.ofSeconds(120)));
    }

    @Test
    void anAgentIsRefusedAfterEnoughFailuresWithinTheWindowWhileAnotherOffers() {
        AgentHealth h = health();
        h.offered("a", T0);
        h.offered("b", T0);
        assertFalse(h.failed("a", T0));
        assertFalse(h.failed("a", T0 + 10 * S));
        assertFalse(h.refused("a", T0 + 10 * S));
        assertTrue(h.failed("a", T0 + 20 * S), "third failure within 60 s");
        assertTrue(h.refused("a", T0 + 21 * S));
        assertFalse(h.refused("b", T0 + 21 * S));
        assertEquals(OptionalLong.of(119), h.refusedForSeconds("a", T0 + 21 * S), "the decline filter: what is left");
        assertEquals(OptionalLong.empty(), h.refusedForSeconds("b", T0 + 21 * S));
        h.offered("b", T0 + 130 * S); // b still offers: a stays refused until its time is up
        assertTrue(h.refused("a", T0 + 139 * S));
        assertFalse(h.refused("a", T0 + 140 * S), "refused for 120 s only");
        assertEquals(OptionalLong.empty(), h.refusedForSeconds("a", T0 + 140 * S));
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        AgentHealth h = health();
        h.offered("b", T0);
        assertFalse(h.failed("a", T0));
        assertFalse(h.failed("a", T0 + 30 * S));
        assertFalse(h.failed("a", T0 + 61 * S), "the first failure left the window");
        assertFalse(h.refused("a", T0 + 61 * S));
        assertTrue(h.failed("a", T0 + 62 * S));
    }

    @Test
    void afterARefusalTheAgentStartsFromNothing() {
        AgentHealth h = health();
        h.offered("b", T0);
        h.failed("a", T0);
        h.failed("a", T0 + S);
        assertTrue(h.failed("a", T0 + 2 * S));
        assertFalse(h.failed("a", T0 + 200 * S), "one new failure after the refusal ended");
        assertFalse(h.refused("a", T0 + 200 * S));
    }

    @Test
    void whenEveryAgentIsRefusedNoneIs() {
        AgentHealth h = health();
        h.offered("a", T0);
        h.offered("b", T0);
        for (int i = 0; i < 3; i++) {
            h.failed("a", T0 + i * S);
        }
        assertTrue(h.refused("a", T0 + 5 * S));
        for (int i = 0; i < 3; i++) {
            h.failed("b", T0 + (10 + i) * S);
        }
        assertFalse(h.refused("a", T0 + 15 * S), "both refused: both are used");
        assertFalse(h.refused("b", T0 + 15 * S));
    }

    @Test
    void theOnlyAgentIsNeverRefused() {
        AgentHealth h = health();
        h.offered("a", T0);
        for (int i = 0; i < 3; i++) {
            h.failed("a", T0 + i * S);
        }
        assertFalse(h.refused("a", T0 + 3 * S));
    }

    @Test
    void anAgentThatStoppedOfferingOrWasLostIsNoAlternative() {
        AgentHealth h = health();
        h.offered("a", T0);
        h.offered("b", T0);
        h.offered("c", T0);
        for (int i = 0; i < 3; i++) {
            h.failed("a", T0 + 100 * S + i * S);
        }
        assertTrue(h.refused("a", T0 + 110 * S), "b and c offered within the last 120 s");
        h.lost("b");
        assertTrue(h.refused("a", T0 + 110 * S), "c still offers");
        assertFalse(h.refused("a", T0 + 121 * S), "c has not offered for longer than the decline period");
        h.offered("c", T0 + 122 * S);
        assertTrue(h.refused("a", T0 + 122 * S));
        h.lost("a");
        assertFalse(h.refused("a", T0 + 123 * S), "a lost agent's record is gone");
    }

    @Test
    void zeroFailuresNeverRefuses() {
        AgentHealth h = new AgentHealth(AgentHealth.Policy.never());
        h.offered("b", T0);
        for (int i = 0; i < 10; i++) {
            assertFalse(h.failed("a", T0 + i));
        }
        assertFalse(h.refused("a", T0 + 10));
    }

    @Test
    void thePolicyComesFromTheConfiguration() {
        EgretConfig config = EgretConfig.fromMap(Map.of(
                "egret.mesos.agent.max.failures",
                "4",
                "egret.mesos.agent.failure.window.seconds",
                "30",
                "egret.mesos.agent.decline.seconds",
                "90"));
        assertEquals(
                new AgentHealth.Policy(4, Duration.ofSeconds(30), Duration.ofSeconds(90)),
                AgentHealth.Policy.from(config));
        assertEquals(
                new AgentHealth.Policy(3, Duration.ofSeconds(300), Duration.ofSeconds(600)),
                AgentHealth.Policy.from(EgretConfig.fromMap(Map.of())));
    }

    @Test
    void onlyFailuresTheFrameworkActsOnCountAgainstTheAgent() {
        org.apache.mesos.v1.Protos.TaskStatus.Builder st = org.apache.mesos.v1.Protos.TaskStatus.newBuilder()
                .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue("t"))
                .setState(org.apache.mesos.v1.Protos.TaskState.TASK_FAILED);
        assertTrue(AgentHealth.isAgentsFault(st.build(), TaskAttempts.Outcome.RELAUNCH));
        assertFalse(AgentHealth.isAgentsFault(
                st.setReason(org.apache.mesos.v1.Protos.TaskStatus.Reason.REASON_INVALID_OFFERS)
                        .build(),
                TaskAttempts.Outcome.RELAUNCH));
        st.clearReason().setState(org.apache.mesos.v1.Protos.TaskState.TASK_KILLED);
        assertFalse(AgentHealth.isAgentsFault(st.build(), TaskAttempts.Outcome.RELAUNCH));
    }
}

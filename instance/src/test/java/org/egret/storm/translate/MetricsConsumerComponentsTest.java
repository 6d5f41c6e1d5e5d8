package org.egret.storm.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.storm.Config;
import org.apache.storm.Constants;
import org.apache.storm.generated.Bolt;
import org.apache.storm.generated.GlobalStreamId;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.metric.LoggingMetricsConsumer;
import org.apache.storm.metric.MetricsConsumerBolt;
import org.apache.storm.utils.Utils;
import org.egret.proto.Component;
import org.egret.proto.Topology;
import org.egret.proto.TopologyState;
import org.junit.jupiter.api.Test;

/** Registered metrics consumers become Storm's consumer components, in the captured topology and the logical plan. */
class MetricsConsumerComponentsTest {
    private static final String LOGGING =
            Constants.METRICS_COMPONENT_ID_PREFIX + LoggingMetricsConsumer.class.getName();

    private static Map<String, Object> conf(Object... classAndHint) {
        List<Map<String, Object>> regs = new java.util.ArrayList<>();
        for (int i = 0; i < classAndHint.length; i += 2) {
            Map<String, Object> r = new HashMap<>();
            r.put("class", classAndHint[i]);
            r.put("parallelism.hint", classAndHint[i + 1]);
            regs.add(r);
        }
        Map<String, Object> conf = new HashMap<>();
        conf.put(Config.TOPOLOGY_METRICS_CONSUMER_REGISTER, regs);
        return conf;
    }

    @Test
    void consumersBecomeBoltsReadingEveryComponentsMetricsStream() {
        StormTopology user = TopologyTranslatorTest.allGroupings();
        Map<String, Object> conf =
                conf(LoggingMetricsConsumer.class.getName(), 2, LoggingMetricsConsumer.class.getName(), 1);
        StormNormalizer.Normalized n = StormNormalizer.normalize("t", conf, user);
        StormTopology withConsumers = MetricsConsumerComponents.add(n.conf(), n.topology());

        assertEquals(Set.of(LOGGING, LOGGING + "#2"), MetricsConsumerComponents.ids(n.conf()));
        Bolt consumer = withConsumers.get_bolts().get(LOGGING);
        assertTrue(
                Utils.javaDeserialize(consumer.get_bolt_object().get_serialized_java(), Object.class)
                        instanceof MetricsConsumerBolt);
        for (String c : StormComponents.commons(n.topology()).keySet()) {
            assertTrue(
                    consumer.get_common().get_inputs().containsKey(new GlobalStreamId(c, Constants.METRICS_STREAM_ID)),
                    c);
            assertEquals(
                    List.of("task-info", "data-points"),
                    StormComponents.commons(withConsumers)
                            .get(c)
                            .get_streams()
                            .get(Constants.METRICS_STREAM_ID)
                            .get_output_fields());
        }
        assertTrue(!n.topology().get_bolts().containsKey(LOGGING), "the input is not modified");

        Topology plan = TopologyTranslator.translate("t-1", "t", withConsumers, n.conf(), TopologyState.RUNNING);
        Map<String, Component> byName = new HashMap<>();
        plan.getComponentsList().forEach(c -> byName.put(c.getName(), c));
        assertEquals(2, byName.get(LOGGING).getTasks(), "parallelism.hint tasks");
        assertEquals(1, byName.get(LOGGING + "#2").getTasks());
        assertEquals(StormComponents.commons(n.topology()).size() + 2, plan.getComponentsCount());
    }

    @Test
    void withoutRegistrationsTheTopologyIsUntouched() {
        StormTopology user = TopologyTranslatorTest.allGroupings();
        assertSame(user, MetricsConsumerComponents.add(new HashMap<>(), user));
        assertEquals(Set.of(), MetricsConsumerComponents.ids(new HashMap<>()));
    }

    @Test
    void aConsumerTheJarDoesNotHoldFailsAtSubmit() {
        StormTopology user = TopologyTranslatorTest.allGroupings();
        InvalidTopologyException e = assertThrows(
                InvalidTopologyException.class,
                () -> MetricsConsumerComponents.add(conf("com.example.Missing", 1), user));
        assertTrue(e.getMessage().contains("com.example.Missing"), e.getMessage());
        Map<String, Object> noClass = new HashMap<>();
        noClass.put(Config.TOPOLOGY_METRICS_CONSUMER_REGISTER, List.of(Map.of("parallelism.hint", 1)));
        assertThrows(InvalidTopologyException.class, () -> MetricsConsumerComponents.add(noClass, user));
    }

    @Test
    void aUserComponentMayStillNotUseASystemId() {
        StormTopology user = TopologyTranslatorTest.allGroupings();
        user.get_bolts()
                .put(LOGGING, user.get_bolts().values().iterator().next().deepCopy());
        assertThrows(InvalidTopologyException.class, () -> TopologyTranslator.validate(user, new HashMap<>()));
    }
}

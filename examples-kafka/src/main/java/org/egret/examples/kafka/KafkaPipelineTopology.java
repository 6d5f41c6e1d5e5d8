package org.egret.examples.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.storm.Config;
import org.apache.storm.StormSubmitter;
import org.apache.storm.kafka.bolt.KafkaBolt;
import org.apache.storm.kafka.bolt.mapper.FieldNameBasedTupleToKafkaMapper;
import org.apache.storm.kafka.spout.FirstPollOffsetStrategy;
import org.apache.storm.kafka.spout.KafkaSpout;
import org.apache.storm.kafka.spout.KafkaSpoutConfig;
import org.apache.storm.topology.TopologyBuilder;

/**
 * Reads string records from one Kafka topic, upper-cases each value and writes it, under the same
 * key, to another topic: storm-kafka-client's KafkaSpout (at least once, offsets committed to the
 * consumer group as tuples are acked) -> {@link UpperCaseBolt} -> KafkaBolt (acks a tuple once the
 * broker has the record).
 * {@code args: <name> <bootstrap servers> <input topic> <output topic> [consumer group id]}; the
 * group id defaults to {@code egret-<name>}.
 */
public final class KafkaPipelineTopology {
    public static final String SPOUT = "kafka-spout";
    public static final String UPPER = "upper";
    public static final String SINK = "kafka-bolt";

    private KafkaPipelineTopology() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            throw new IllegalArgumentException(
                    "usage: <name> <bootstrap servers> <input topic> <output topic> [consumer group id]");
        }
        String name = args[0];
        String bootstrap = args[1];
        String groupId = args.length > 4 ? args[4] : "egret-" + name;

        KafkaSpoutConfig<String, String> spoutConfig = KafkaSpoutConfig.builder(bootstrap, args[2])
                .setProp("group.id", groupId)
                .setProcessingGuarantee(KafkaSpoutConfig.ProcessingGuarantee.AT_LEAST_ONCE)
                .setFirstPollOffsetStrategy(FirstPollOffsetStrategy.UNCOMMITTED_EARLIEST)
                // the default (30 s) leaves the group's offsets far behind what is done; a restarted
                // spout replays everything since the last commit
                .setOffsetCommitPeriodMs(1_000)
                .build();

        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        KafkaBolt<String, String> sink = new KafkaBolt<String, String>()
                .withProducerProperties(producer)
                .withTopicSelector(args[3])
                .withTupleToKafkaMapper(new FieldNameBasedTupleToKafkaMapper<>(UpperCaseBolt.KEY, UpperCaseBolt.VALUE));

        TopologyBuilder builder = new TopologyBuilder();
        builder.setSpout(SPOUT, new KafkaSpout<>(spoutConfig), 1);
        builder.setBolt(UPPER, new UpperCaseBolt(), 2).shuffleGrouping(SPOUT);
        builder.setBolt(SINK, sink, 2).shuffleGrouping(UPPER);

        Config conf = new Config();
        conf.setNumWorkers(2);
        conf.setMaxSpoutPending(2_000);
        StormSubmitter.submitTopology(name, conf, builder.createTopology());
    }
}

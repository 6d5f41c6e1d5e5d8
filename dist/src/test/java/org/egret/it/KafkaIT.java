package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.egret.examples.kafka.KafkaPipelineTopology;
import org.junit.jupiter.api.Test;

/**
 * Kafka end to end: storm-kafka-client's KafkaSpout (at least once) -> a bolt -> KafkaBolt, the
 * examples/ topology jar as a user submits it, against a real broker ({@link KafkaBroker}) on
 * 127.0.0.41. N records wait in a 3-partition input topic; while they flow the spout's instance is
 * killed with SIGKILL, so its pending tuples and uncommitted offsets die with it and the restarted
 * spout replays from the group's committed offsets. In the end every record is in the output topic
 * (at least once, upper-cased under its key) and the group's committed offsets are the input's end
 * offsets.
 */
class KafkaIT {
    private static final int N = 20_000;
    private static final int PARTITIONS = 3;
    private static final String NAME = "kafka-e2e";
    private static final String IN = "egret-in";
    private static final String OUT = "egret-out";
    private static final String GROUP = "egret-it-kafka";

    @Test
    void everyRecordReachesTheOutputAndTheOffsetsTheEndAcrossAKilledSpout() throws Exception {
        long started = System.nanoTime();
        try (KafkaBroker broker = KafkaBroker.start("127.0.0.41", Duration.ofSeconds(90));
                Admin admin = broker.admin();
                LocalCluster cluster = new LocalCluster();
                OutputTopic output = new OutputTopic(broker.bootstrap)) {
            broker.createTopics(PARTITIONS, Duration.ofSeconds(60), IN, OUT);
            produce(broker);
            List<String> timeline = new ArrayList<>();
            Runnable mark = () -> timeline.add((System.nanoTime() - started) / 1_000_000 + " ms");
            mark.run();

            Path jar = cluster.dist.resolve("examples/egret-examples-kafka.jar");
            cluster.submitOk(jar, KafkaPipelineTopology.class.getName(), NAME, broker.bootstrap, IN, OUT, GROUP);
            mark.run();
            String spoutLog = "-" + KafkaPipelineTopology.SPOUT + ".log";
            LocalCluster.waitFor("a record in the output topic", Duration.ofSeconds(120), () -> output.poll() > 0);
            mark.run();
            // kill once the group has committed a tenth of the input, so the restarted spout resumes
            // from committed offsets rather than from the start
            AtomicReference<String> offsets = new AtomicReference<>("never read");
            AtomicReference<Map<TopicPartition, Long>> beforeKill = new AtomicReference<>(Map.of());
            LocalCluster.waitFor("a tenth of the input's offsets committed", Duration.ofSeconds(120), () -> {
                output.poll();
                beforeKill.set(committed(admin, offsets));
                return sum(beforeKill.get()) >= N / 10;
            });
            Set<Long> spouts = cluster.pids(NAME, "instance", spoutLog);
            assertEquals(1, spouts.size(), "one spout instance: " + spouts);
            long victim = spouts.iterator().next();
            ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
            mark.run();
            assertTrue(
                    sum(beforeKill.get()) < N,
                    "the spout was killed after it had committed every offset " + beforeKill.get() + ": not mid-run");
            LocalCluster.waitFor("the spout's instance restarted", Duration.ofSeconds(60), () -> {
                Set<Long> now = cluster.pids(NAME, "instance", spoutLog);
                return now.size() == 1 && !now.contains(victim);
            });
            mark.run();

            try {
                LocalCluster.waitFor(
                        "every record in the output topic", Duration.ofSeconds(180), () -> output.poll() >= N);
            } catch (AssertionError e) {
                throw new AssertionError(
                        e.getMessage() + ": " + output.distinct() + " of " + N + " keys\n" + cluster.logs(NAME), e);
            }
            mark.run();
            assertEquals(List.of(), output.wrongValues(), "records whose output value is not their upper-cased input");

            Map<TopicPartition, Long> end = endOffsets(admin);
            assertEquals(N, sum(end), "end offsets of the input " + end);
            try {
                LocalCluster.waitFor(
                        "the group's committed offsets at the end offsets " + end,
                        Duration.ofSeconds(90),
                        () -> committed(admin, offsets).equals(end));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + offsets.get() + "\n" + cluster.logs(NAME), e);
            }
            mark.run();
            System.out.printf(
                    "KafkaIT: spout killed after committing %s; %d output records for %d keys (%d replayed);"
                            + " since the start: broker up and records in, submitted, first record out, spout killed, spout"
                            + " restarted, every record out, offsets at the end: %s%n",
                    beforeKill.get(), output.total(), output.distinct(), output.total() - output.distinct(), timeline);
            cluster.kill(NAME);
        }
    }

    private static void produce(KafkaBroker broker) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                sent.add(producer.send(new ProducerRecord<>(IN, "key-" + i, "record-" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError(
                            "producing the input failed: " + e.getCause() + "\n" + broker.logTail(), e);
                }
            }
        }
    }

    /** The group's committed offset of each input partition that has one; {@code seen} says what was found. */
    private static Map<TopicPartition, Long> committed(Admin admin, AtomicReference<String> seen) {
        try {
            Map<TopicPartition, Long> committed = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((p, o) -> {
                        if (o != null && p.topic().equals(IN)) {
                            committed.put(p, o.offset());
                        }
                    });
            seen.set(committed.toString());
            return committed;
        } catch (Exception e) {
            seen.set(e.toString());
            return Map.of();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS)
                .boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(IN, p), p -> OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((p, o) -> end.put(p, o.offset()));
        return end;
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What the topology wrote to the output topic so far, read from its beginning. */
    private static final class OutputTopic implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Set<String> keys = new HashSet<>();
        private final List<String> wrongValues = new ArrayList<>();
        private int total;

        OutputTopic(String bootstrap) {
            consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrap,
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                            "earliest",
                            // keeps up with the topology (the default is 500 records a poll)
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                            10_000),
                    new StringDeserializer(),
                    new StringDeserializer());
            consumer.assign(IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(OUT, p))
                    .toList());
        }

        /** Reads what is new; the number of distinct input records seen in the output, each with its right value. */
        int poll() {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                total++;
                String key = r.key() == null ? "" : r.key();
                if (key.matches("key-\\d{1,9}")
                        && Integer.parseInt(key.substring(4)) < N
                        && ("RECORD-" + key.substring(4)).equals(r.value())) {
                    keys.add(key);
                } else {
                    wrongValues.add(key + "=" + r.value());
                }
            }
            return keys.size();
        }

        int distinct() {
            return keys.size();
        }

        int total() {
            return total;
        }

        List<String> wrongValues() {
            return wrongValues.subList(0, Math.min(20, wrongValues.size()));
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}

package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
      admin.createTopics(List.of(new NewTopic(IN, PARTITIONS, (short) 1), new NewTopic(OUT, PARTITIONS, (short) 1)))
          .all().get(30, TimeUnit.SECONDS);
      produce(broker.bootstrap);
      List<String> timeline = new ArrayList<>();
      Runnable mark = () -> timeline.add((System.nanoTime() - started) / 1_000_000 + " ms");
      mark.run();

      Path jar = cluster.dist.resolve("examples/egret-examples-kafka.jar");
      cluster.submitOk(jar, KafkaPipelineTopology.class.getName(), NAME, broker.bootstrap, IN, OUT, GROUP);
      mark.run();
      String spoutLog = "-" + KafkaPipelineTopology.SPOUT + ".log";
      LocalCluster.waitFor("records in the output topic", Duration.ofSeconds(120),
          () -> output.poll() >= N / 20);
      Set<Long> spouts = cluster.pids(NAME, "instance", spoutLog);
      assertEquals(1, spouts.size(), "one spout instance: " + spouts);
      long victim = spouts.iterator().next();
      ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
      int atKill = output.poll();
      mark.run();
      assertTrue(atKill < N, "the spout was killed after every record was out (" + atKill + "): not mid-run");
      LocalCluster.waitFor("the spout's instance restarted", Duration.ofSeconds(60), () -> {
        Set<Long> now = cluster.pids(NAME, "instance", spoutLog);
        return now.size() == 1 && !now.contains(victim);
      });
      mark.run();

      try {
        LocalCluster.waitFor("every record in the output topic", Duration.ofSeconds(180), () -> output.poll() >= N);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + ": " + output.distinct() + " of " + N + " keys\n"
            + cluster.logs(NAME), e);
      }
      mark.run();
      assertEquals(List.of(), output.wrongValues(), "records whose output value is not their upper-cased input");

      AtomicReference<String> offsets = new AtomicReference<>("never read");
      try {
        LocalCluster.waitFor("the group's committed offsets at the end offsets", Duration.ofSeconds(90),
            () -> committedAtEnd(admin, offsets));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + ": " + offsets.get() + "\n" + cluster.logs(NAME), e);
      }
      mark.run();
      System.out.printf("KafkaIT: %d records out when the spout was killed; %d output records for %d keys (%d"
              + " replayed); since the start: broker up and records in, submitted, spout killed, spout restarted,"
              + " every record out, offsets at the end: %s%n",
          atKill, output.total(), output.distinct(), output.total() - output.distinct(), timeline);
      cluster.kill(NAME);
    }
  }

  private static void produce(String bootstrap) throws Exception {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        sent.add(producer.send(new ProducerRecord<>(IN, "key-" + i, "record-" + i)));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Whether the group has committed each input partition's end offset; {@code seen} says what it found. */
  private static boolean committedAtEnd(Admin admin, AtomicReference<String> seen) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, PARTITIONS).boxed()
          .collect(Collectors.toMap(p -> new TopicPartition(IN, p), p -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      boolean atEnd = true;
      StringBuilder sb = new StringBuilder();
      for (TopicPartition p : latest.keySet()) {
        OffsetAndMetadata c = committed.get(p);
        long e = end.get(p).offset();
        sb.append(p).append(" committed ").append(c == null ? "nothing" : c.offset()).append(" of ").append(e).append("; ");
        atEnd &= c != null && c.offset() == e;
      }
      seen.set(sb.toString());
      return atEnd;
    } catch (Exception e) {
      seen.set(e.toString());
      return false;
    }
  }

  /** What the topology wrote to the output topic so far, read from its beginning. */
  private static final class OutputTopic implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final Set<String> keys = new HashSet<>();
    private final List<String> wrongValues = new ArrayList<>();
    private int total;

    OutputTopic(String bootstrap) {
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
      consumer.assign(IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(OUT, p)).toList());
    }

    /** Reads what is new; the number of distinct input records seen in the output, each with its right value. */
    int poll() {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
        total++;
        String key = r.key() == null ? "" : r.key();
        if (key.matches("key-\\d{1,9}") && Integer.parseInt(key.substring(4)) < N
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

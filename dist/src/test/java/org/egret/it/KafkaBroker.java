package org.egret.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real one-node Kafka (KRaft: broker and controller in one process), started the way a user
 * starts one: {@code kafka-storage format --standalone} on a fresh directory, then
 * {@code kafka.Kafka server.properties} as a {@code java} process of its own, with only the jars
 * Maven resolved for the broker (module it-kafka-broker). It listens on a free port of
 * {@code host}. Closing stops it and deletes its directory, whatever happened before.
 */
final class KafkaBroker implements AutoCloseable {
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

    final String bootstrap;
    private final Path dir;
    private final String classpath;
    private final List<Process> processes = new ArrayList<>();

    private KafkaBroker(String host) throws IOException {
        String file = System.getProperty("egret.it.kafka.broker.classpath");
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new IllegalStateException(
                    "no broker classpath file (system property egret.it.kafka.broker.classpath: " + file
                            + "); the it-kafka-broker module writes it");
        }
        classpath = Files.readString(Path.of(file)).strip();
        bootstrap = host + ":" + freePort(host);
        dir = Files.createTempDirectory("egret-it-kafka-");
    }

    /** Formats, starts and waits until the broker answers an admin client, or fails saying why. */
    static KafkaBroker start(String host, Duration timeout) throws Exception {
        KafkaBroker broker = new KafkaBroker(host);
        try {
            String controller = host + ":" + freePort(host);
            Path properties = broker.writeConfig(controller);
            broker.format(properties);
            broker.launch(properties);
            broker.awaitReady(timeout);
            return broker;
        } catch (Exception | AssertionError e) {
            broker.close();
            throw e;
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Creates the topics (one replica each) and waits until each of their partitions has a leader. */
    void createTopics(int partitions, Duration timeout, String... topics) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(Stream.of(topics)
                            .map(t -> new NewTopic(t, partitions, (short) 1))
                            .toList())
                    .all()
                    .get(timeout.toSeconds(), TimeUnit.SECONDS);
            LocalCluster.waitFor("a leader for every partition of " + List.of(topics), timeout, () -> {
                try {
                    return admin
                            .describeTopics(List.of(topics))
                            .allTopicNames()
                            .get(5, TimeUnit.SECONDS)
                            .values()
                            .stream()
                            .allMatch(d -> d.partitions().size() == partitions
                                    && d.partitions().stream()
                                            .allMatch(p -> p.leader() != null
                                                    && !p.leader().isEmpty()));
                } catch (Exception notYet) {
                    return false;
                }
            });
        }
    }

    private Path writeConfig(String controller) throws IOException {
        String config = String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=PLAINTEXT://" + bootstrap + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + bootstrap,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.bootstrap.servers=" + controller,
                "log.dirs=" + dir.resolve("data"),
                "auto.create.topics.enable=false",
                // one node: every internal topic with one replica, and few partitions so it comes up fast
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, config);
        Files.writeString(
                dir.resolve("log4j2.properties"),
                String.join(
                        "\n",
                        "rootLogger.level=INFO",
                        "rootLogger.appenderRef.file.ref=file",
                        "appender.file.type=File",
                        "appender.file.name=file",
                        "appender.file.fileName=" + dir.resolve("server.log"),
                        "appender.file.layout.type=PatternLayout",
                        "appender.file.layout.pattern=%d %p [%t] %c{1}: %m%n",
                        ""));
        return properties;
    }

    private List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m",
                "-Xmx512m",
                // names the process as this test's broker (for a look at ps), and its log configuration
                "-Degret.it.kafka=" + dir,
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp",
                classpath,
                mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void format(Path properties) throws Exception {
        Path out = dir.resolve("format.out");
        Process p = new ProcessBuilder(java(
                        "kafka.tools.StorageTool",
                        "format",
                        "--standalone",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        processes.add(p);
        if (!p.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            fail("kafka-storage format did not finish in " + FORMAT_TIMEOUT.toSeconds() + " s:\n"
                    + Files.readString(out));
        }
        if (p.exitValue() != 0) {
            fail("kafka-storage format failed (" + p.exitValue() + "):\n" + Files.readString(out));
        }
    }

    private void launch(Path properties) throws IOException {
        processes.add(new ProcessBuilder(java("kafka.Kafka", properties.toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.out").toFile())
                .start());
    }

    private void awaitReady(Duration timeout) throws Exception {
        Process broker = processes.get(processes.size() - 1);
        try (Admin admin = admin()) {
            LocalCluster.waitFor("the Kafka broker at " + bootstrap + " to answer", timeout, () -> {
                if (!broker.isAlive()) {
                    fail("the Kafka broker exited (" + broker.exitValue() + "):\n" + logTail());
                }
                try {
                    return !admin.describeCluster()
                            .nodes()
                            .get(2, TimeUnit.SECONDS)
                            .isEmpty();
                } catch (Exception notYet) {
                    return false;
                }
            });
        }
    }

    /** The broker's warnings and errors and the last lines of its output and log, for failure messages. */
    String logTail() {
        StringBuilder sb = new StringBuilder();
        for (String name : List.of("broker.out", "server.log")) {
            Path f = dir.resolve(name);
            try {
                if (Files.exists(f)) {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    sb.append("== ").append(name).append(", warnings and errors\n");
                    lines.stream()
                            .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                            .limit(30)
                            .forEach(l -> sb.append(l).append('\n'));
                    sb.append("== ").append(name).append(", the end\n");
                    lines.subList(Math.max(0, lines.size() - 30), lines.size())
                            .forEach(l -> sb.append(l).append('\n'));
                }
            } catch (IOException e) {
                sb.append(e).append('\n');
            }
        }
        return sb.toString();
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            // SIGTERM first: the broker shuts down in order and releases its ports
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        // its log outlives the directory, for a look after a failed run
        Path log = dir.resolve("server.log");
        if (Files.exists(log)) {
            Files.copy(log, Path.of("target", "kafka-broker-server.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package org.egret.scheduler.mesos.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.mesosphere.mesos.rx.java.AwaitableSubscription;
import com.mesosphere.mesos.rx.java.MesosClient;
import com.mesosphere.mesos.rx.java.MesosClientBuilder;
import com.mesosphere.mesos.rx.java.SinkOperations;
import com.mesosphere.mesos.rx.java.util.MessageCodec;
import com.mesosphere.mesos.rx.java.util.UserAgentEntries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-check of the simulated Mesos master with an independent, published client
 * (mesos-rxjava 0.2.0, RxNetty): it probes the master, subscribes, decodes the RecordIO stream
 * split across chunks, and sends a DECLINE with the stream id; the simulated master must accept
 * all of it as a real master would.
 */
class SimulatedMesosMasterRxJavaConformanceTest {
    @TempDir
    Path dir;

    /** A protobuf codec for the client (its own protobuf module targets an older Mesos). */
    private record Codec<T>(Function<byte[], T> parse) implements MessageCodec<T> {
        @Override
        public byte[] encode(T message) {
            return ((com.google.protobuf.Message) message).toByteArray();
        }

        @Override
        public T decode(byte[] bytes) {
            return parse.apply(bytes);
        }

        @Override
        public T decode(InputStream in) {
            try {
                return parse.apply(in.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String mediaType() {
            return "application/x-protobuf";
        }

        @Override
        public String show(T message) {
            return String.valueOf(message);
        }
    }

    private static Event parseEvent(byte[] b) {
        try {
            return Event.parseFrom(b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Call parseCall(byte[] b) {
        try {
            return Call.parseFrom(b);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRxJavaClientSubscribesReceivesOffersAndDeclinesOnTheSimulatedMesosMaster() throws Throwable {
        try (SimulatedMesosMaster master = new SimulatedMesosMaster(dir)) {
            List<Event.Type> seen = new CopyOnWriteArrayList<>();
            Call subscribe = Call.newBuilder()
                    .setType(Call.Type.SUBSCRIBE)
                    .setSubscribe(Call.Subscribe.newBuilder()
                            .setFrameworkInfo(FrameworkInfo.newBuilder()
                                    .setUser("egret")
                                    .setName("rx-conformance")
                                    .addRoles("*")))
                    .build();
            String[] frameworkId = new String[1];
            MesosClient<Call, Event> client = MesosClientBuilder.<Call, Event>newBuilder()
                    .mesosUri(master.uri().resolve("/api/v1/scheduler"))
                    .applicationUserAgentEntry(UserAgentEntries.literal("egret-test", "0"))
                    .sendCodec(new Codec<>(SimulatedMesosMasterRxJavaConformanceTest::parseCall))
                    .receiveCodec(new Codec<>(SimulatedMesosMasterRxJavaConformanceTest::parseEvent))
                    .subscribe(subscribe)
                    .processStream(events -> events.map(e -> {
                        seen.add(e.getType());
                        if (e.getType() == Event.Type.SUBSCRIBED) {
                            frameworkId[0] = e.getSubscribed().getFrameworkId().getValue();
                        }
                        if (e.getType() == Event.Type.OFFERS) {
                            return Optional.of(SinkOperations.create(Call.newBuilder()
                                    .setType(Call.Type.DECLINE)
                                    .setFrameworkId(e.getOffers().getOffers(0).getFrameworkId())
                                    .setDecline(Call.Decline.newBuilder()
                                            .addOfferIds(
                                                    e.getOffers().getOffers(0).getId()))
                                    .build()));
                        }
                        return Optional.empty();
                    }))
                    .build();
            AwaitableSubscription sub = client.openStream();
            try {
                Await.until(
                        "a DECLINE and a HEARTBEAT",
                        java.time.Duration.ofSeconds(30),
                        () -> master.calls().contains(Call.Type.DECLINE) && seen.contains(Event.Type.HEARTBEAT),
                        () -> "; events seen: " + seen + ", calls: " + master.calls());
            } finally {
                sub.unsubscribe();
            }
            assertEquals(Event.Type.SUBSCRIBED, seen.get(0));
            assertTrue(seen.contains(Event.Type.OFFERS));
            assertEquals(List.of(frameworkId[0]), master.frameworkIds());
            assertEquals(0, master.outstandingOffers());
        }
    }
}

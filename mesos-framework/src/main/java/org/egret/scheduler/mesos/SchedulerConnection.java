package org.egret.scheduler.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.egret.runtime.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One framework's connection to the Mesos master over the v1 scheduler HTTP API: a SUBSCRIBE
 * request whose response is the RecordIO event stream, and one POST per later call carrying the
 * stream's {@code Mesos-Stream-Id}. It follows 307 redirects to the leading master, backs off on
 * 503 and errors, watches heartbeats, and subscribes again (the caller's subscribe call carries
 * the framework id once it has one) whenever the stream breaks.
 */
public final class SchedulerConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerConnection.class);
    static final String PROTOBUF = "application/x-protobuf";
    static final String STREAM_ID = "Mesos-Stream-Id";
    private static final String PATH = "/api/v1/scheduler";
    /** Heartbeats the master may miss before the stream counts as dead (Mesos' own drivers wait ~5). */
    private static final int MISSED_HEARTBEATS = 3;

    /** Receives the stream's events on the connection's reader thread. */
    public interface Listener {
        void onEvent(Event event);

        /** The stream ended or could not be opened; the connection is already trying again. */
        void onDisconnected(String why);
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Supplier<Call> subscribeCall;
    private final Listener listener;
    private final Backoff backoff;
    private final ScheduledExecutorService watchdog =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "mesos-heartbeat-watchdog"));
    private final Thread reader;
    private volatile URI endpoint;
    private volatile String streamId;
    private volatile InputStream stream;
    private volatile long lastEventNanos;
    private volatile long heartbeatTimeoutNanos = TimeUnit.SECONDS.toNanos(15 * MISSED_HEARTBEATS);
    private volatile boolean closed;

    public SchedulerConnection(URI master, Supplier<Call> subscribeCall, Listener listener, Backoff backoff) {
        this.endpoint = master.resolve(PATH);
        this.subscribeCall = subscribeCall;
        this.listener = listener;
        this.backoff = backoff;
        this.reader = daemon(this::subscribeLoop, "mesos-subscription");
    }

    public void start() {
        reader.start();
        watchdog.scheduleWithFixedDelay(this::checkHeartbeat, 200, 200, TimeUnit.MILLISECONDS);
    }

    private void subscribeLoop() {
        while (!closed) {
            String why;
            try {
                why = subscribeOnce();
            } catch (IOException e) {
                why = "subscription to " + endpoint + " failed: " + e;
            } catch (InterruptedException e) {
                return;
            }
            streamId = null;
            if (closed) {
                return;
            }
            if (why == null) {
                continue; // redirected: try the new master at once
            }
            LOG.warn("{}; subscribing again", why);
            listener.onDisconnected(why);
            try {
                Thread.sleep(backoff.next());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Subscribes and reads events until the stream ends; returns why, or null after a redirect. */
    private String subscribeOnce() throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", PROTOBUF)
                .header("Accept", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(subscribeCall.get().toByteArray()))
                .build();
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        int code = resp.statusCode();
        if (code == 307) {
            resp.body().close();
            redirect(resp);
            return null;
        }
        if (code != 200) {
            String body;
            try (InputStream in = resp.body()) {
                body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            return "SUBSCRIBE answered " + code + (code == 503 ? " (no leading master yet)" : "") + ": " + body.trim();
        }
        streamId = resp.headers().firstValue(STREAM_ID).orElse(null);
        if (streamId == null) {
            resp.body().close();
            return "SUBSCRIBE response carries no " + STREAM_ID + " header";
        }
        LOG.info("subscribed to {} (stream {})", endpoint, streamId);
        stream = resp.body();
        lastEventNanos = System.nanoTime();
        RecordIo decoder = new RecordIo();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = stream) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                for (byte[] record : decoder.feed(buf, 0, n)) {
                    lastEventNanos = System.nanoTime();
                    Event event = Event.parseFrom(record);
                    if (event.getType() == Event.Type.SUBSCRIBED) {
                        backoff.reset();
                        double interval = event.getSubscribed().hasHeartbeatIntervalSeconds()
                                ? event.getSubscribed().getHeartbeatIntervalSeconds()
                                : 15;
                        heartbeatTimeoutNanos = (long) (interval * MISSED_HEARTBEATS * 1e9);
                    }
                    listener.onEvent(event);
                }
            }
        } catch (IOException e) {
            return closed ? "closed" : "event stream broke: " + e.getMessage();
        } finally {
            stream = null;
        }
        return "the master closed the event stream";
    }

    private void redirect(HttpResponse<?> resp) {
        String location = resp.headers().firstValue("Location").orElse("");
        // the master sends a protocol-relative "//host:port/api/v1/scheduler": keep our scheme
        URI next = endpoint.resolve(location.isEmpty() ? PATH : location);
        if (next.getPath() == null || next.getPath().isEmpty() || next.getPath().equals("/")) {
            next = next.resolve(PATH);
        }
        LOG.info("{} is not the leading master; redirected to {}", endpoint, next);
        endpoint = next;
    }

    private void checkHeartbeat() {
        InputStream s = stream;
        if (s != null && System.nanoTime() - lastEventNanos > heartbeatTimeoutNanos) {
            LOG.warn("no event or heartbeat for {} ms; dropping the stream", heartbeatTimeoutNanos / 1_000_000);
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing a dead stream", e);
            }
        }
    }

    /** True while a subscription stream is open. */
    public boolean connected() {
        return streamId != null;
    }

    /**
     * Sends one call on behalf of the subscribed framework. The master answers 202 when it accepted
     * the call; anything else is thrown, with the master's message.
     */
    public void send(Call call) throws IOException, InterruptedException {
        String sid = streamId;
        if (sid == null) {
            throw new IOException("not subscribed; " + call.getType() + " not sent");
        }
        HttpRequest req = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", PROTOBUF)
                .header("Accept", PROTOBUF)
                .header(STREAM_ID, sid)
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()))
                .build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 307) {
            redirect(resp);
            dropStream();
            throw new IOException(call.getType() + " redirected to " + endpoint + "; subscribing there");
        }
        if (resp.statusCode() != 202) {
            throw new IOException(call.getType() + " answered " + resp.statusCode() + ": "
                    + resp.body().trim());
        }
    }

    /** Closes the current stream so the connection subscribes again (also used on ERROR). */
    public void dropStream() {
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing the stream", e);
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        dropStream();
        reader.interrupt();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}

package org.egret.tracker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tracker's HTTP server (the JDK's): {@code /api/...} answers JSON, {@code /} and
 * {@code /topology} the UI pages, {@code /static/...} their script and style sheet.
 */
final class TrackerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrackerServer.class);
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/topology", "topology.html",
            "/static/app.js", "app.js",
            "/static/style.css", "style.css");

    private final TrackerApi api;
    private final StateReader state;
    private final HttpServer server;
    private final ExecutorService executor;

    TrackerServer(TrackerApi api, StateReader state, String host, int port) throws IOException {
        this.api = api;
        this.state = state;
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "tracker-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().add("Allow", "GET, HEAD");
                error(ex, new ApiException(405, "only GET is supported"));
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/api/")) {
                api(ex, path);
            } else {
                page(ex, path);
            }
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
        }
    }

    private void api(HttpExchange ex, String path) throws IOException {
        List<String> parts = Arrays.stream(path.substring("/api/".length()).split("/"))
                .filter(s -> !s.isEmpty())
                .toList();
        String query = ex.getRequestURI().getRawQuery();
        try {
            if (parts.stream().anyMatch(s -> s.contains("%"))) {
                throw ApiException.badRequest("names may not contain escaped characters");
            }
            if (parts.size() == 5
                    && parts.get(0).equals("topologies")
                    && parts.get(2).equals("logs")) {
                send(
                        ex,
                        200,
                        "text/plain; charset=utf-8",
                        api.logText(parts.get(1), parts.get(3), parts.get(4), query));
                return;
            }
            Object body = api.route(parts, query);
            if (body == null) {
                throw ApiException.notFound("no such endpoint");
            }
            send(ex, 200, "application/json", Json.write(body));
        } catch (ApiException e) {
            error(ex, e);
        } catch (RuntimeException e) {
            // A topology removed while we read it is a 404, whatever broke.
            if (parts.size() >= 2 && parts.get(0).equals("topologies") && !state.exists(parts.get(1))) {
                error(ex, ApiException.notFound("no topology '" + parts.get(1) + "'"));
            } else {
                LOG.warn("{} failed", ex.getRequestURI(), e);
                error(ex, new ApiException(500, "internal error: " + e));
            }
        }
    }

    private void page(HttpExchange ex, String path) throws IOException {
        String file = PAGES.get(path);
        if (file == null) {
            error(ex, ApiException.notFound("no such page"));
            return;
        }
        try (InputStream in = TrackerServer.class.getResourceAsStream("ui/" + file)) {
            if (in == null) {
                error(ex, ApiException.notFound("no such page"));
                return;
            }
            String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html";
            send(ex, 200, type + "; charset=utf-8", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void error(HttpExchange ex, ApiException e) throws IOException {
        send(
                ex,
                e.status,
                "application/json",
                Json.write(Map.of("error", String.valueOf(e.getMessage()), "status", e.status)));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package org.egret.scheduler.yarn;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.yarn.api.records.ContainerId;

/**
 * The ApplicationMaster's tracking page, shown through the YARN UI when no Tracker URL is
 * configured: the topology and which YARN container runs which Egret container. Deliberately small:
 * plans and metrics are the Tracker's job.
 */
final class StatusPage implements AutoCloseable {
    private final HttpServer server;
    private final String host;

    StatusPage(String host, String topology, String application, Supplier<Map<Integer, ContainerId>> containers)
            throws IOException {
        this.host = host;
        server = HttpServer.create(new InetSocketAddress(host, 0), 8);
        server.createContext("/", ex -> {
            if (!ex.getRequestMethod().equals("GET")) {
                reply(ex, 405, "text/plain", "GET only\n");
                return;
            }
            StringBuilder rows = new StringBuilder();
            containers
                    .get()
                    .forEach((index, id) -> rows.append("<tr><td>")
                            .append(index)
                            .append("</td><td>")
                            .append(escape(id.toString()))
                            .append("</td></tr>\n"));
            reply(
                    ex,
                    200,
                    "text/html; charset=utf-8",
                    "<!doctype html><html><head><title>Egret: " + escape(topology)
                            + "</title></head><body><h1>Egret topology " + escape(topology)
                            + "</h1>\n<p>YARN application "
                            + escape(application)
                            + "</p>\n<table><tr><th>Egret container</th><th>YARN container</th></tr>\n"
                            + rows + "</table></body></html>\n");
        });
        server.start();
    }

    String url() {
        return "http://" + host + ":" + server.getAddress().getPort() + "/";
    }

    private static void reply(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package org.egret.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.egret.examples.WordCountTopology;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A finite WordCount, the Tracker (bin/egret-tracker) over it: plans, metrics that agree with the
 * file sink and with the Prometheus endpoint, and the UI in headless Chromium.
 */
class TrackerIT {
    private static final String NAME = "trackerwc";
    private static final int SENTENCES = 3000;
    private static final List<String> COMPONENTS = List.of("sentences", "split", "count");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void trackerServesPlansMetricsAndUi() throws Exception {
        try (LocalCluster cluster = new LocalCluster()) {
            cluster.submitOk(
                    WordCountTopology.class.getName(),
                    NAME,
                    Integer.toString(SENTENCES),
                    cluster.root.resolve("counts").toString());
            Path portFile = cluster.root.resolve("tracker.port");
            List<String> cmd = new ArrayList<>(List.of(
                    cluster.dist.resolve("bin/egret-tracker").toString(),
                    "--cluster",
                    "local",
                    "--port",
                    "0",
                    "--port-file",
                    portFile.toString()));
            cmd.addAll(cluster.baseArgs());
            Process tracker = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(cluster.root.resolve("tracker.out").toFile())
                    .start();
            try {
                LocalCluster.waitFor("the tracker's port", Duration.ofSeconds(30), () -> Files.exists(portFile));
                String base = "http://127.0.0.1:" + Files.readString(portFile).strip();

                assertTrue(get(base + "/api/topologies").contains("\"name\":\"" + NAME + "\""));
                String logical = get(base + "/api/topologies/" + NAME + "/logicalplan");
                for (String c : COMPONENTS) {
                    assertTrue(logical.contains("\"name\":\"" + c + "\""), logical);
                }
                assertTrue(
                        logical.contains(
                                "\"from\":\"sentences\",\"to\":\"split\",\"stream\":\"default\",\"grouping\":\"shuffle\""),
                        logical);
                assertTrue(
                        logical.contains(
                                "\"from\":\"split\",\"to\":\"count\",\"stream\":\"default\",\"grouping\":\"fields\""),
                        logical);
                LocalCluster.waitFor(
                        "the physical plan",
                        Duration.ofSeconds(60),
                        () -> status(base + "/api/topologies/" + NAME + "/physicalplan") == 200);
                String physical = get(base + "/api/topologies/" + NAME + "/physicalplan");
                assertEquals(
                        5, count(physical.substring(0, physical.indexOf("\"containers\"")), "\"task\":"), physical);
                assertTrue(
                        get(base + "/api/topologies/" + NAME + "/packingplan").contains("\"containers\""));
                assertTrue(get(base + "/api/topologies/" + NAME + "/executionstate")
                        .contains("\"state\":\"RUNNING\""));
                assertTrue(get(base + "/api/topologies/" + NAME + "/schedulerlocation")
                        .contains("\"port\""));
                assertEquals(404, status(base + "/api/topologies/nosuch/physicalplan"));
                assertEquals(400, status(base + "/api/topologies/" + NAME + "/metrics?window=-1"));

                // Every sentence emitted: the TM's totals, the file sink and Prometheus agree exactly.
                for (String[] cm :
                        new String[][] {{"sentences", "emitted"}, {"split", "emitted"}, {"count", "executed"}}) {
                    String url = base + "/api/topologies/" + NAME + "/metrics?component=" + cm[0] + "&names=" + cm[1]
                            + "&window=300";
                    try {
                        LocalCluster.waitFor(cm[0] + " " + cm[1] + " to agree", Duration.ofSeconds(90), () -> {
                            long fromFile = fileSinkTotal(cluster, cm[0], cm[1]);
                            return fromFile > 0
                                    && fromFile == trackerTotal(url, cm[1])
                                    && fromFile == prometheusTotal(cluster, cm[0], cm[1]);
                        });
                    } catch (AssertionError e) {
                        throw new AssertionError(
                                e.getMessage() + ": file " + fileSinkTotal(cluster, cm[0], cm[1]) + ", tracker "
                                        + trackerTotal(url, cm[1]) + ", prometheus "
                                        + prometheusTotal(cluster, cm[0], cm[1]),
                                e);
                    }
                }
                assertTrue(fileSinkTotal(cluster, "sentences", "emitted") >= SENTENCES);

                browse(base + "/topology?name=" + NAME);
            } finally {
                tracker.destroy();
                if (!tracker.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    tracker.destroyForcibly();
                }
            }
            cluster.kill(NAME);
        }
    }

    private void browse(String url) throws IOException {
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium");
        Path profile = Files.createTempDirectory("egret-chromium-");
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1400,1800",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(url);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-loaded")));
            for (String c : COMPONENTS) {
                assertEquals(
                        1,
                        driver.findElements(By.cssSelector("#logical-graph g.node[data-component='" + c + "']"))
                                .size(),
                        c);
            }
            assertEquals(
                    1,
                    driver.findElements(By.cssSelector("path.edge[data-edge='sentences->split:default']"))
                            .size());
            assertEquals(
                    1,
                    driver.findElements(By.cssSelector("path.edge[data-edge='split->count:default']"))
                            .size());
            assertTrue(driver.findElement(By.cssSelector("text[data-edge-label='split->count:default']"))
                    .getText()
                    .contains("fields(word)"));
            for (int task = 1; task <= 5; task++) {
                assertEquals(
                        1,
                        driver.findElements(By.cssSelector("#physical a.inst[data-task='" + task + "']"))
                                .size(),
                        "instance " + task);
            }
            for (String stat : List.of("stat-emitted", "stat-executed", "stat-acked")) {
                String v = driver.findElement(By.id(stat)).getText();
                assertTrue(!v.equals("–") && !v.equals("0"), stat + " = " + v);
            }
            assertEquals(
                    5,
                    driver.findElements(By.cssSelector("#instances tbody tr")).size());
            // a line needs two buckets of data; the page refreshes itself every 10 s
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .withMessage("a throughput line in the chart")
                    .until(d -> !d.findElements(By.cssSelector("#chart-throughput path.line"))
                            .isEmpty());
            Path shot = Path.of("target", "tracker-ui.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private String get(String url) {
        try {
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError(url + " -> " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(String s, String needle) {
        return (s.length() - s.replace(needle, "").length()) / needle.length();
    }

    private long trackerTotal(String url, String metric) {
        Matcher m = Pattern.compile(
                        "\"topology\":\\{\"" + Pattern.quote(metric) + "\":\\{\"kind\":\"counter\",\"value\":(\\d+)")
                .matcher(get(url));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Sums one counter of one component over both containers' metrics.jsonl. */
    private static long fileSinkTotal(LocalCluster cluster, String component, String metric) {
        return MetricsFiles.counterTotal(cluster, NAME, 2, component, metric);
    }

    /** Scrapes every container's Prometheus endpoint and sums the counter for the component. */
    private long prometheusTotal(LocalCluster cluster, String component, String metric) {
        Pattern p = Pattern.compile(
                "^egret_" + metric.replace('-', '_') + "_total\\{component=\"" + component
                        + "\",task=\"\\d+\",topology=\"" + NAME + "\"\\} ([0-9.eE+]+)$",
                Pattern.MULTILINE);
        double sum = 0;
        for (int c = 1; c <= 2; c++) {
            Optional<String> address = readAddress(cluster.containerDir(NAME, c).resolve("ports/prometheus"));
            if (address.isEmpty()) {
                return -1;
            }
            Matcher m = p.matcher(get("http://" + address.get() + "/metrics"));
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
        }
        return (long) sum;
    }

    /** The {@code host:port} a server published in its container's address file. */
    private static Optional<String> readAddress(Path f) {
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

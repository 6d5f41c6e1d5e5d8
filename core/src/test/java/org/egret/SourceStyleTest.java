package org.egret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Main code names classes through imports, not inline fully-qualified names: an inline name hides a
 * dependency from the import list, which is where a reader (and a reviewer of a diff) looks for it.
 * A test rather than a linter so the rule needs no plugin and runs with the core module's tests.
 */
class SourceStyleTest {
    /**
     * The one name each of these files keeps qualified, because another class of the same simple name
     * is imported there: Netty's SocketChannel, java.security's ECPoint, java.lang.management's
     * OperatingSystemMXBean, Egret's InvalidTopologyException, and java.nio's or Hadoop's Path. Any
     * other qualified name in them still fails, and so does an entry whose file no longer needs it.
     */
    private static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("core/src/main/java/org/egret/net/Transport.java", "java.nio.channels.SocketChannel"),
            Map.entry("core/src/main/java/org/egret/net/tls/TopologyTls.java", "org.bouncycastle.math.ec.ECPoint"),
            // SLF4J's levels beside java.util.logging's, which the binding maps them to
            Map.entry("core/src/main/java/org/egret/runtime/JulSlf4jLogger.java", "org.slf4j.event.Level"),
            Map.entry(
                    "core/src/main/java/org/egret/scheduler/local/LocalScheduler.java",
                    "com.sun.management.OperatingSystemMXBean"),
            Map.entry(
                    "instance/src/main/java/org/egret/storm/submit/Capture.java",
                    "org.apache.storm.generated.InvalidTopologyException"),
            Map.entry(
                    "uploader-hdfs/src/main/java/org/egret/uploader/hdfs/HadoopClientConfig.java",
                    "org.apache.hadoop.fs.Path"),
            Map.entry(
                    "uploader-hdfs/src/main/java/org/egret/uploader/hdfs/HdfsPackageReader.java", "java.nio.file.Path"),
            Map.entry(
                    "uploader-hdfs/src/main/java/org/egret/uploader/hdfs/HdfsPackageStore.java", "java.nio.file.Path"),
            Map.entry(
                    "yarn-am/src/main/java/org/egret/scheduler/yarn/ContainerLayout.java", "org.apache.hadoop.fs.Path"),
            Map.entry("yarn-am/src/main/java/org/egret/scheduler/yarn/CorePackage.java", "org.apache.hadoop.fs.Path"),
            Map.entry("yarn-am/src/main/java/org/egret/scheduler/yarn/HadoopConf.java", "org.apache.hadoop.fs.Path"),
            Map.entry("yarn-am/src/main/java/org/egret/scheduler/yarn/KeytabUpload.java", "org.apache.hadoop.fs.Path"),
            Map.entry(
                    "yarn-am/src/main/java/org/egret/scheduler/yarn/YarnApplicationMaster.java",
                    "org.apache.hadoop.fs.Path"),
            Map.entry(
                    "yarn-am/src/main/java/org/egret/scheduler/yarn/YarnSubmission.java", "org.apache.hadoop.fs.Path"));

    /**
     * Only the top-level package names in use, so a field chain such as {@code config.key.NAME} is
     * not taken for a class; the trailing segment only has to start upper case to catch URI, UUID.
     */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w$.])(?:java|javax|jakarta|jdk|sun|com|org|io|net)(?:\\.[a-z_][\\w$]*)+\\.[A-Z][\\w$]*");

    @Test
    void mainCodeImportsClassesInsteadOfQualifyingThem() throws IOException {
        List<String> offences = new ArrayList<>();
        Map<String, Integer> allowedFound = new TreeMap<>();
        for (Path file : MainSources.all()) {
            String name = MainSources.relative(file);
            String[] lines = stripCommentsAndLiterals(Files.readString(file)).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.startsWith("package ") || line.startsWith("import ")) {
                    continue;
                }
                Matcher m = QUALIFIED.matcher(line);
                while (m.find()) {
                    if (m.group().equals(ALLOWED.get(name))) {
                        allowedFound.merge(name, 1, Integer::sum);
                    } else {
                        offences.add(name + ":" + (i + 1) + ": " + m.group());
                    }
                }
            }
        }

        assertTrue(
                offences.isEmpty(),
                "inline fully-qualified class names; import them instead (or, for a "
                        + "clash of simple names, add the file and the name to ALLOWED):\n  "
                        + String.join("\n  ", offences));
        TreeSet<String> stale = new TreeSet<>(ALLOWED.keySet());
        stale.removeAll(allowedFound.keySet());
        assertTrue(
                stale.isEmpty(),
                "ALLOWED lists files without an inline fully-qualified name (gone, or " + "fixed): remove them:\n  "
                        + String.join("\n  ", stale));
    }

    /**
     * Blanks comments and string, text-block and char literals, keeping newlines so line numbers hold:
     * class names there are prose, or strings loaded by reflection that must stay strings.
     */
    static String stripCommentsAndLiterals(String src) {
        StringBuilder out = new StringBuilder(src.length());
        int i = 0;
        while (i < src.length()) {
            char c = src.charAt(i);
            int end;
            if (src.startsWith("//", i)) {
                end = src.indexOf('\n', i);
            } else if (src.startsWith("/*", i)) {
                end = src.indexOf("*/", i + 2);
                end = end < 0 ? -1 : end + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                end = closingQuote(src, i + 3, "\"\"\"");
            } else if (c == '"' || c == '\'') {
                end = closingQuote(src, i + 1, String.valueOf(c));
            } else {
                out.append(c);
                i++;
                continue;
            }
            end = end < 0 ? src.length() : end;
            for (int j = i; j < end; j++) {
                out.append(src.charAt(j) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }

    /** Just past the closing quote; a backslash escapes the next character, e.g. '\'' or "\"". */
    private static int closingQuote(String src, int from, String quote) {
        for (int j = from; j < src.length(); j++) {
            if (src.charAt(j) == '\\') {
                j++;
            } else if (src.startsWith(quote, j)) {
                return j + quote.length();
            }
        }
        return -1;
    }

    @Test
    void commentsAndLiteralsAreBlankedLineForLine() {
        String src = "a(\"java.util.List\", '\"', '\\'');  // java.util.Map\n"
                + "/* javax.net.SocketFactory\n */ b(\"\"\"\n  org.x.Y \"\"\"); java.util.Set s;";
        String stripped = stripCommentsAndLiterals(src);
        assertEquals(4, stripped.split("\n", -1).length, stripped);
        List<String> found = new ArrayList<>();
        Matcher m = QUALIFIED.matcher(stripped);
        while (m.find()) {
            found.add(m.group());
        }
        assertEquals(List.of("java.util.Set"), found, stripped);
    }
}

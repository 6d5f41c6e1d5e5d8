package org.egret.scheduler.yarn;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code yarn jar $EGRET_HOME/lib/egret-yarn-am-<version>.jar <topology.jar> <main-class> <name> [args...]}:
 * the same as {@code egret submit yarn ...} (the jar's Main-Class). It runs the installation's
 * {@code bin/egret} as a child process rather than the CLI in this JVM, because {@code yarn jar}
 * puts the cluster's unshaded Hadoop classpath first, and Egret's own classes must not meet it.
 * Egret options ({@code --config-path}, {@code --config-property}) go before the topology jar, as
 * with {@code egret submit}.
 */
public final class YarnJarSubmit {
    private YarnJarSubmit() {}

    public static void main(String[] args) throws Exception {
        Optional<Path> home = home();
        if (home.isEmpty()) {
            System.err.println("error: cannot find the Egret installation of this jar; set EGRET_HOME");
            System.exit(1);
        }
        List<String> cmd =
                new ArrayList<>(List.of(home.get().resolve("bin/egret").toString(), "submit", "yarn"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        System.exit(p.waitFor());
    }

    /**
     * EGRET_HOME, else the directory above the {@code lib/} holding this jar: found from the class's
     * code source with {@code java -jar}, or from the command line with {@code yarn jar}, whose RunJar
     * loads classes from an unpacked copy in a temporary directory.
     */
    static Optional<Path> home() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("EGRET_HOME");
        if (env != null && !env.isEmpty()) {
            candidates.add(Path.of(env));
        }
        try {
            candidates.add(Path.of(YarnJarSubmit.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getParent()
                    .getParent());
        } catch (Exception | Error e) {
            // no code source: only the command line can tell
        }
        String command = System.getProperty("sun.java.command", "");
        for (String word : command.split(" ")) {
            if (word.endsWith(".jar") && new File(word).isFile()) {
                Path jar = Path.of(word).toAbsolutePath();
                if (jar.getParent() != null && jar.getParent().getParent() != null) {
                    candidates.add(jar.getParent().getParent());
                }
            }
        }
        return candidates.stream()
                .filter(h -> Files.isExecutable(h.resolve("bin/egret")))
                .findFirst();
    }
}

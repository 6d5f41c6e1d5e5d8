package org.egret.storm.submit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM of {@code egret submit}:
 * {@code CaptureMain --output-dir DIR --name NAME --main-class CLS [--timeout-sec 60] [--allow-java-serialization]
 * -- user args...}.
 * Exits 0 once the topology is captured (without waiting for main to return), 2 on an error
 * (the message is in DIR/error.txt), 1 on bad arguments.
 */
public final class CaptureMain {
    private CaptureMain() {}

    public static void main(String[] args) {
        String dir = null;
        String name = null;
        String cls = null;
        long timeoutSec = 60;
        boolean allowJavaSerialization = false;
        List<String> user = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--output-dir" -> dir = args[++i];
                    case "--name" -> name = args[++i];
                    case "--main-class" -> cls = args[++i];
                    case "--timeout-sec" -> timeoutSec = Long.parseLong(args[++i]);
                    case "--allow-java-serialization" -> allowJavaSerialization = true;
                    case "--" -> {
                        user.addAll(List.of(args).subList(i + 1, args.length));
                        i = args.length;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (dir == null || name == null || cls == null) {
                throw new IllegalArgumentException("--output-dir, --name and --main-class are required");
            }
        } catch (RuntimeException e) {
            System.err.println("usage: CaptureMain --output-dir DIR --name NAME --main-class CLS [--timeout-sec N]"
                    + " [--allow-java-serialization] -- ARGS...: "
                    + e.getMessage());
            System.exit(1);
            return;
        }
        Capture.Result r = new Capture(Path.of(dir), name, cls, user, Duration.ofSeconds(timeoutSec), true)
                .allowJavaSerialization(allowJavaSerialization)
                .run();
        if (!r.ok()) {
            System.err.println(r.error());
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(r.exitCode());
    }
}

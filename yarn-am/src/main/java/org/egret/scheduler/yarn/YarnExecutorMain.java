package org.egret.scheduler.yarn;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.security.Credentials;
import org.egret.executor.ExecutorMain;
import org.egret.runtime.ProcessOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor of a YARN container: first the topology's secret, from the credentials YARN wrote
 * for this container (the file HADOOP_TOKEN_FILE_LOCATION names), to the container directory's
 * {@code topology.secret} (mode 0600), where every process of the container reads it; then the same
 * executor as under the local scheduler.
 */
public final class YarnExecutorMain {
    private static final Logger LOG = LoggerFactory.getLogger(YarnExecutorMain.class);
    static final String TOKEN_FILE_ENV = "HADOOP_TOKEN_FILE_LOCATION";

    private YarnExecutorMain() {}

    public static void main(String[] args) {
        ProcessOptions opts = ProcessOptions.parse(args);
        try {
            writeSecret(
                    Path.of(System.getenv().getOrDefault(TOKEN_FILE_ENV, "")),
                    opts.dirs().secretFile());
        } catch (IOException | RuntimeException e) {
            LOG.error(
                    "executor of container {}: cannot write the topology secret: {}", opts.container(), e.getMessage());
            System.exit(2);
        }
        ExecutorMain.main(args);
    }

    static void writeSecret(Path tokenFile, Path target) throws IOException {
        if (tokenFile.toString().isEmpty()) {
            throw new IOException(TOKEN_FILE_ENV + " is not set: YARN gave this container no credentials");
        }
        Credentials creds = new Credentials();
        try (InputStream in = Files.newInputStream(tokenFile)) {
            creds.readTokenStorageStream(new DataInputStream(in));
        }
        SecurityTokens.topologySecret(creds).writeTo(target);
    }
}

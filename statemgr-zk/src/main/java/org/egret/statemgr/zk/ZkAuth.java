package org.egret.statemgr.zk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.egret.files.OwnerOnly;

/**
 * Egret's identity at ZooKeeper and the ACL that follows from it. With digest credentials or SASL
 * every node Egret creates gets {@code auth} (creator-all): the server replaces it with the ids this
 * session authenticated as, so only the same identity can read, write, create children or delete.
 * Without an identity nodes stay open to everyone (ZooKeeper's default), which is why
 * {@link ZkStateManager} then refuses to store a topology secret.
 */
final class ZkAuth {
    private final String describe;
    private final byte[] digest;
    private final boolean sasl;

    private ZkAuth(String describe, byte[] digest, boolean sasl) {
        this.describe = describe;
        this.digest = digest;
        this.sasl = sasl;
    }

    static ZkAuth from(EgretConfig config) {
        String file = config.get(ZkAuthKeys.DIGEST_FILE);
        String inline = config.get(ZkAuthKeys.DIGEST);
        boolean sasl = config.get(ZkAuthKeys.SASL);
        int chosen = (file.isBlank() ? 0 : 1) + (inline.isBlank() ? 0 : 1) + (sasl ? 1 : 0);
        if (chosen > 1) {
            throw new ConfigException("set only one of " + ZkAuthKeys.DIGEST_FILE.name() + ", "
                    + ZkAuthKeys.DIGEST.name() + " and " + ZkAuthKeys.SASL.name());
        }
        if (!file.isBlank()) {
            Path path =
                    file.startsWith("~/") ? Path.of(System.getProperty("user.home"), file.substring(2)) : Path.of(file);
            return digest(readDigestFile(path), ZkAuthKeys.DIGEST_FILE.name() + " " + path);
        }
        if (!inline.isBlank()) {
            return digest(inline.trim(), ZkAuthKeys.DIGEST.name());
        }
        if (sasl) {
            checkJaas();
            return new ZkAuth("SASL", null, true);
        }
        return new ZkAuth("none", null, false);
    }

    private static ZkAuth digest(String credentials, String source) {
        int colon = credentials.indexOf(':');
        if (colon < 1 || colon == credentials.length() - 1) {
            // never the value itself: it is a password
            throw new ConfigException(source + " must hold user:password");
        }
        return new ZkAuth(
                "digest user '" + credentials.substring(0, colon) + "'",
                credentials.getBytes(StandardCharsets.UTF_8),
                false);
    }

    private static String readDigestFile(Path file) {
        try {
            if (OwnerOnly.othersMayAccess(file)) {
                throw new ConfigException("the ZooKeeper credentials file " + file
                        + " is readable or writable by others (" + OwnerOnly.mode(file) + "); make it mode 0600 ("
                        + ZkAuthKeys.DIGEST_FILE.name() + ")");
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0).trim();
        } catch (NoSuchFileException e) {
            throw new ConfigException("the ZooKeeper credentials file " + file + " does not exist ("
                    + ZkAuthKeys.DIGEST_FILE.name() + "; bin/egret-zookeeper start makes the local-zk cluster's)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ZooKeeper credentials file " + file, e);
        }
    }

    /** ZooKeeper's client logs in from the JAAS section it names; without one it would silently connect anonymously. */
    private static void checkJaas() {
        String section = System.getProperty(
                ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, ZKClientConfig.LOGIN_CONTEXT_NAME_KEY_DEFAULT);
        AppConfigurationEntry[] entries;
        try {
            entries = Configuration.getConfiguration().getAppConfigurationEntry(section);
        } catch (SecurityException e) {
            entries = null;
        }
        if (entries == null || entries.length == 0) {
            throw new ConfigException(ZkAuthKeys.SASL.name() + " is set but this JVM has no JAAS section '" + section
                    + "' for ZooKeeper's client (run it with -Djava.security.auth.login.config=<file>)");
        }
        if (!Boolean.parseBoolean(System.getProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "true"))) {
            throw new ConfigException(ZkAuthKeys.SASL.name() + " is set but the JVM disables ZooKeeper's client SASL ("
                    + ZKClientConfig.ENABLE_CLIENT_SASL_KEY + "=false)");
        }
    }

    /** Whether this client has an identity, so that the nodes it creates are closed to others. */
    boolean authenticated() {
        return digest != null || sasl;
    }

    /** For messages and logs; never the password. */
    String describe() {
        return describe;
    }

    void configure(CuratorFrameworkFactory.Builder builder) {
        if (digest != null) {
            builder.authorization("digest", digest);
        }
        if (authenticated()) {
            builder.aclProvider(new ACLProvider() {
                @Override
                public List<ACL> getDefaultAcl() {
                    return ZooDefs.Ids.CREATOR_ALL_ACL;
                }

                @Override
                public List<ACL> getAclForPath(String path) {
                    return ZooDefs.Ids.CREATOR_ALL_ACL;
                }
            });
        }
    }

    /** Whether {@code acl} lets clients without this identity in. */
    static boolean isOpen(List<ACL> acl) {
        return acl.stream().anyMatch(a -> a.getId().getScheme().equals("world"));
    }
}

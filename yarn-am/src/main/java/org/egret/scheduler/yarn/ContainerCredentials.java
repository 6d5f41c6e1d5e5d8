package org.egret.scheduler.yarn;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.PrivilegedExceptionAction;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.security.token.delegation.AbstractDelegationTokenIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials the ApplicationMaster gives each executor container it starts: its own, minus the
 * AM-RM token. HDFS delegation tokens end at their maximum lifetime (seven days by default) whatever
 * the ResourceManager renews, and a container started with dead tokens cannot be localized. So when
 * the AM has the owner's keytab (shipped by the launcher, {@link ContainerLayout#KEYTAB_LINK}), it logs
 * in from it and obtains fresh tokens once three quarters of the current ones' life is gone; the
 * fresh tokens also become the AM's own, for its HDFS work at kill. Without a keytab it warns once
 * when the tokens near their end.
 */
final class ContainerCredentials {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerCredentials.class);
    /** How much of the tokens' life passes before fresh ones are obtained. */
    static final double REFRESH_AT = 0.75;
    /** After a failed attempt to obtain tokens, the next one. */
    private static final long RETRY_MS = 5000;

    private final Configuration conf;
    private final List<URI> fileSystems;
    /** The keytab login, or null without a keytab. */
    private final UserGroupInformation keytabUser;

    private final LongSupplier clock;
    /** Guarded by this. */
    private final Credentials current;

    private long refreshAtMs;
    private boolean warned;

    ContainerCredentials(
            Credentials own,
            Configuration conf,
            List<URI> fileSystems,
            UserGroupInformation keytabUser,
            LongSupplier clock) {
        this.conf = conf;
        this.fileSystems = fileSystems;
        this.keytabUser = keytabUser;
        this.clock = clock;
        this.current = SecurityTokens.withoutAmRmToken(own);
        long at = Long.MAX_VALUE;
        for (Token<?> t : current.getAllTokens()) {
            at = Math.min(at, refreshTime(t, null));
        }
        this.refreshAtMs = at;
    }

    /** The credentials for a container about to start: fresh tokens first if the current ones near their end. */
    synchronized ByteBuffer next() throws IOException {
        refreshIfDue();
        return SecurityTokens.serialize(current);
    }

    /** Obtains fresh delegation tokens if the current ones are three quarters through their life (cheap if not). */
    synchronized void refreshIfDue() {
        long now = clock.getAsLong();
        if (now < refreshAtMs) {
            return;
        }
        if (keytabUser == null) {
            if (!warned) {
                warned = true;
                LOG.warn(
                        "the HDFS delegation tokens near the end of their life and this ApplicationMaster has no keytab "
                                + "(egret.hadoop.kerberos.keytab at submit): containers started after they expire cannot be localized");
            }
            refreshAtMs = Long.MAX_VALUE;
            return;
        }
        try {
            Fresh fresh = obtain();
            current.addAll(fresh.creds());
            UserGroupInformation.getCurrentUser().addCredentials(fresh.creds());
            refreshAtMs = fresh.refreshAtMs();
            LOG.info(
                    "obtained fresh HDFS delegation tokens as {} for {}; next ones at {}",
                    keytabUser.getUserName(),
                    fileSystems,
                    Instant.ofEpochMilli(refreshAtMs));
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            refreshAtMs = now + RETRY_MS;
            LOG.error("cannot obtain fresh HDFS delegation tokens as {}: {}", keytabUser.getUserName(), e.toString());
        }
    }

    /**
     * New tokens for every package file system, with this user as renewer, so that renewing them once
     * tells when they expire (which their identifier does not, unless the renew interval outlasts the
     * maximum lifetime).
     */
    private Fresh obtain() throws IOException, InterruptedException {
        keytabUser.checkTGTAndReloginFromKeytab();
        return keytabUser.doAs((PrivilegedExceptionAction<Fresh>) () -> {
            Credentials creds = new Credentials();
            for (URI uri : fileSystems) {
                FileSystem.get(uri, conf).addDelegationTokens(keytabUser.getShortUserName(), creds);
            }
            long at = Long.MAX_VALUE;
            for (Token<?> t : creds.getAllTokens()) {
                at = Math.min(at, refreshTime(t, t.renew(conf)));
            }
            return new Fresh(creds, at);
        });
    }

    private record Fresh(Credentials creds, long refreshAtMs) {}

    /**
     * When three quarters of a delegation token's life (to {@code expires}, else its maximum date) has
     * passed; never for another kind of token.
     */
    private static long refreshTime(Token<?> t, Long expires) {
        TokenIdentifier id;
        try {
            id = t.decodeIdentifier();
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
        if (!(id instanceof AbstractDelegationTokenIdentifier d) || d.getMaxDate() <= 0) {
            return Long.MAX_VALUE;
        }
        long end = expires == null ? d.getMaxDate() : Math.min(d.getMaxDate(), expires);
        return d.getIssueDate() + (long) ((end - d.getIssueDate()) * REFRESH_AT);
    }
}

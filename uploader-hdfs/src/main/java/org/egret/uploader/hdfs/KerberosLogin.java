package org.egret.uploader.hdfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.egret.config.ConfigException;
import org.egret.config.EgretConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs this process in to Kerberos from the configured principal and keytab before it talks to a
 * secured HDFS or YARN (the CLI's upload, submit and kill). Hadoop keeps one login per JVM, so the
 * first call logs in and later ones see it done. Without a keytab nothing happens: the user's ticket
 * cache, or a process's delegation tokens (a YARN container's), serve instead.
 */
public final class KerberosLogin {
    private static final Logger LOG = LoggerFactory.getLogger(KerberosLogin.class);
    private static String loggedIn;

    private KerberosLogin() {}

    public static synchronized void ensure(EgretConfig config, Configuration conf) {
        String principal = config.get(HdfsKeys.KERBEROS_PRINCIPAL).trim();
        String keytab = config.get(HdfsKeys.KERBEROS_KEYTAB).trim();
        if (keytab.isEmpty()) {
            return;
        }
        if (principal.isEmpty()) {
            throw new ConfigException(HdfsKeys.KERBEROS_KEYTAB.name() + " is set but "
                    + HdfsKeys.KERBEROS_PRINCIPAL.name() + " is not: name the principal of the keytab");
        }
        if (principal.equals(loggedIn)) {
            return;
        }
        if (!Files.isReadable(Path.of(keytab))) {
            throw new ConfigException(
                    "cannot read the keytab " + keytab + " (" + HdfsKeys.KERBEROS_KEYTAB.name() + ")");
        }
        UserGroupInformation.setConfiguration(conf);
        if (!UserGroupInformation.isSecurityEnabled()) {
            LOG.warn(
                    "{} is set, but the Hadoop configuration says hadoop.security.authentication={}: not logging in",
                    HdfsKeys.KERBEROS_KEYTAB.name(),
                    conf.get("hadoop.security.authentication", "simple"));
            return;
        }
        try {
            UserGroupInformation.loginUserFromKeytab(principal, keytab);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(
                    "cannot log in to Kerberos as " + principal + " with the keytab " + keytab + ": " + e.getMessage(),
                    e);
        }
        loggedIn = principal;
        LOG.info("logged in to Kerberos as {} from the keytab {}", principal, keytab);
    }
}

package org.egret.scheduler.yarn;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.client.util.YarnClientUtils;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;
import org.egret.security.TopologySecret;

/**
 * What travels in the application's Credentials: the topology's secret, always, as a secret key
 * ({@link #SECRET_ALIAS}); and on a Kerberos-secured cluster the HDFS delegation tokens. The client,
 * which holds the user's Kerberos login, obtains the tokens for the packages' file systems with the
 * ResourceManager as renewer and puts them with the secret in the AM's launch context; the RM renews
 * the tokens while the application runs. The AM hands its credentials, minus the AM-RM token (which is
 * the AM's alone), to every container it launches ({@link ContainerCredentials}), so YARN can localize
 * the packages and the executor can write the secret file. Credentials never reach a command line, an
 * environment variable or a log: YARN writes them to a file of the container's own.
 */
final class SecurityTokens {
    /** The alias of the topology's secret among the application's secret keys. */
    static final Text SECRET_ALIAS = new Text("egret.topology.secret");

    private SecurityTokens() {}

    /** The AM's credentials: the secret, and HDFS delegation tokens when Hadoop security is on. */
    static ByteBuffer forApplicationMaster(Configuration conf, List<URI> packages, TopologySecret secret)
            throws IOException {
        Credentials creds = new Credentials();
        creds.addSecretKey(SECRET_ALIAS, secret.keyBytes());
        if (!UserGroupInformation.isSecurityEnabled()) {
            return serialize(creds);
        }
        String renewer = YarnClientUtils.getRmPrincipal(conf);
        if (renewer == null || renewer.isEmpty()) {
            throw new IOException("Hadoop security is on but yarn.resourcemanager.principal is not set: no one could "
                    + "renew the HDFS delegation tokens");
        }
        for (URI p : packages) {
            FileSystem.get(p, conf).addDelegationTokens(renewer, creds);
        }
        // tokens the submitting user already holds (e.g. a token file from a workflow scheduler) go along
        creds.addAll(UserGroupInformation.getCurrentUser().getCredentials());
        return serialize(creds);
    }

    /** A copy of {@code own} without the AM-RM token, which must never leave the AM. */
    static Credentials withoutAmRmToken(Credentials own) {
        Credentials creds = new Credentials();
        for (Token<?> t : own.getAllTokens()) {
            if (!AMRMTokenIdentifier.KIND_NAME.equals(t.getKind())) {
                creds.addToken(t.getService(), t);
            }
        }
        for (Text alias : own.getAllSecretKeys()) {
            creds.addSecretKey(alias, own.getSecretKey(alias));
        }
        return creds;
    }

    /** The topology's secret among {@code creds}; an error that says so when it is missing. */
    static TopologySecret topologySecret(Credentials creds) {
        byte[] key = creds.getSecretKey(SECRET_ALIAS);
        if (key == null) {
            throw new IllegalStateException("the YARN credentials carry no topology secret (" + SECRET_ALIAS
                    + "): the topology was submitted by an older Egret");
        }
        return TopologySecret.of(key);
    }

    static ByteBuffer serialize(Credentials creds) throws IOException {
        DataOutputBuffer out = new DataOutputBuffer();
        creds.writeTokenStorageToStream(out);
        return ByteBuffer.wrap(out.getData(), 0, out.getLength());
    }
}

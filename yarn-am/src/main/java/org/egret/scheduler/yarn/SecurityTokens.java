package org.egret.scheduler.yarn;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.client.util.YarnClientUtils;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * Delegation tokens on a Kerberos-secured cluster (README "Running on YARN", security). The client,
 * which holds the user's Kerberos ticket, obtains HDFS delegation tokens for the packages' file
 * systems with the ResourceManager as renewer and puts them in the AM's launch context; the RM
 * renews them while the application runs. The AM hands its tokens, minus the AM-RM token (which is
 * the AM's alone), to every container it launches, so YARN can localize the packages. On an
 * insecure cluster both return null and launch contexts carry no tokens.
 */
final class SecurityTokens {
  private SecurityTokens() {
  }

  /** Tokens for the AM's launch context, or null when Hadoop security is off. */
  static ByteBuffer forApplicationMaster(Configuration conf, List<URI> packages) throws IOException {
    if (!UserGroupInformation.isSecurityEnabled()) {
      return null;
    }
    String renewer = YarnClientUtils.getRmPrincipal(conf);
    if (renewer == null || renewer.isEmpty()) {
      throw new IOException("Hadoop security is on but yarn.resourcemanager.principal is not set: no one could "
          + "renew the HDFS delegation tokens");
    }
    Credentials creds = new Credentials();
    for (URI p : packages) {
      FileSystem.get(p, conf).addDelegationTokens(renewer, creds);
    }
    // tokens the submitting user already holds (e.g. a token file from a workflow scheduler) go along
    creds.addAll(UserGroupInformation.getCurrentUser().getCredentials());
    return serialize(creds);
  }

  /** Tokens for executor containers: the AM's own, without the AM-RM token; null when security is off. */
  static ByteBuffer forContainers() throws IOException {
    if (!UserGroupInformation.isSecurityEnabled()) {
      return null;
    }
    Credentials creds = new Credentials();
    for (Token<?> t : UserGroupInformation.getCurrentUser().getCredentials().getAllTokens()) {
      if (!AMRMTokenIdentifier.KIND_NAME.equals(t.getKind())) {
        creds.addToken(t.getService(), t);
      }
    }
    return serialize(creds);
  }

  private static ByteBuffer serialize(Credentials creds) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    creds.writeTokenStorageToStream(out);
    return ByteBuffer.wrap(out.getData(), 0, out.getLength());
  }
}

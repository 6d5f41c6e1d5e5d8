package org.egret.statemgr.zk;

import org.egret.config.ConfigKey;

/**
 * Who Egret is to ZooKeeper (see {@link ZkAuth}). With an identity configured, every znode Egret
 * creates can be read and written by that identity only; without one, nodes are open to every client
 * and the state manager refuses to store topology secrets.
 */
public final class ZkAuthKeys {
    private ZkAuthKeys() {}

    public static final ConfigKey<String> DIGEST_FILE = ConfigKey.string(
            "egret.statemgr.zk.auth.digest.file",
            "",
            "A file holding ZooKeeper digest credentials, user:password on its first line; it must be readable by its"
                    + " owner only. A leading ~/ is the user's home directory. Every znode Egret creates then carries an ACL that gives that identity alone access."
                    + " Preferred over egret.statemgr.zk.auth.digest, whose value travels on process command lines when"
                    + " given with --config-property.");

    public static final ConfigKey<String> DIGEST = ConfigKey.string(
            "egret.statemgr.zk.auth.digest",
            "",
            "ZooKeeper digest credentials user:password, written in the cluster's config (keep that file owner-only)."
                    + " Every znode Egret creates then carries an ACL that gives that identity alone access.");

    public static final ConfigKey<Boolean> SASL = ConfigKey.bool(
            "egret.statemgr.zk.auth.sasl",
            false,
            "Authenticate to ZooKeeper with SASL (Kerberos or DIGEST-MD5) through the JVM's JAAS configuration"
                    + " (-Djava.security.auth.login.config=<file> with a 'Client' section, or the section the"
                    + " zookeeper.sasl.clientconfig system property names). Every znode Egret creates then carries an ACL"
                    + " that gives that principal alone access.");
}

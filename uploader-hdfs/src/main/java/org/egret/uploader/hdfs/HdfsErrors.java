package org.egret.uploader.hdfs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.net.ConnectTimeoutException;
import org.apache.hadoop.security.AccessControlException;

/**
 * Turns Hadoop's exceptions into one clear sentence each. Hadoop's own messages are long
 * (a wiki link, the local host name, a stack of causes); users need to know which of
 * "unreachable", "denied" or "missing" happened, and where.
 */
final class HdfsErrors {
    private HdfsErrors() {}

    static IOException explain(String doing, URI where, IOException e, Configuration conf) {
        IOException cause = e instanceof RemoteException re ? re.unwrapRemoteException() : e;
        String at = " (" + doing + " " + where + ")";
        if (cause instanceof AccessControlException) {
            return new IOException("permission denied" + at + ": " + firstLine(cause.getMessage()), e);
        }
        if (cause instanceof FileNotFoundException) {
            return new IOException("not found in HDFS" + at + ": " + firstLine(cause.getMessage()), e);
        }
        if (mentions(e, "exceeds maximum data length")) {
            // the reply's first four bytes read as a huge length: typically "HTTP" from a web port
            return new IOException(
                    where.getAuthority() + " answered, but not as a NameNode" + at
                            + ": name the NameNode's RPC port (often 8020), not its web port (9870)",
                    e);
        }
        Throwable net = networkCause(e);
        if (net instanceof SocketTimeoutException && !(net instanceof ConnectTimeoutException)) {
            return new IOException(
                    "the NameNode " + where.getAuthority() + " accepted the connection but did not answer"
                            + at + " within " + conf.getInt("ipc.client.rpc-timeout.ms", 0)
                            + " ms (egret.uploader.hdfs.rpc.timeout.ms): "
                            + firstLine(net.getMessage()),
                    e);
        }
        if (net != null) {
            return new IOException(
                    "cannot reach the NameNode " + where.getAuthority() + at + ": "
                            + net.getClass().getSimpleName()
                            + (net.getMessage() == null ? "" : ": " + firstLine(net.getMessage()))
                            + " (egret.uploader.hdfs.connect.timeout.ms and .connect.retries bound the wait)",
                    e);
        }
        return new IOException("HDFS error" + at + ": " + firstLine(String.valueOf(cause.getMessage())), e);
    }

    /**
     * The innermost network failure of the chain: Hadoop wraps the socket's exception in one of
     * the same type whose message adds the local host name and a wiki link.
     */
    private static Throwable networkCause(Throwable e) {
        Throwable found = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof SocketTimeoutException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                found = t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return found;
    }

    private static boolean mentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

package org.egret.storm.translate;

/** A submitted topology Egret cannot run; the message is shown to the user as is. */
public class InvalidTopologyException extends RuntimeException {
    public InvalidTopologyException(String message) {
        super(message);
    }
}

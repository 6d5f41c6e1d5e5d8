package org.egret.packing;

/**
 * A topology that cannot be packed as configured. The message is shown to the user as it is, so it
 * names the component or container, the numbers involved and the key that sets the limit.
 */
public class PackingException extends RuntimeException {
    public PackingException(String message) {
        super(message);
    }
}

package org.egret.cli;

/** A failure the CLI reports as one line and a non-zero exit. */
public class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}

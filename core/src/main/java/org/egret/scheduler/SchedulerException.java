package org.egret.scheduler;

/** A scheduling operation that failed; the message is shown to the user. */
public class SchedulerException extends Exception {
    public SchedulerException(String message) {
        super(message);
    }

    public SchedulerException(String message, Throwable cause) {
        super(message, cause);
    }
}

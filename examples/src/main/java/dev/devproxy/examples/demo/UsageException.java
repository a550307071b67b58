package dev.devproxy.examples.demo;

/** The command line cannot be used as given; the message says why, in one sentence. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An exception whose message names the bad flag or value. */
    public UsageException(String message) {
        super(message);
    }
}

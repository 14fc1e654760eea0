package io.riffle.cli.client;

/** A mistake in what the user asked for, found after parsing: exit code 2 with the message. */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}

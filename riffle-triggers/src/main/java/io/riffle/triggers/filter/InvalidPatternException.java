package io.riffle.triggers.filter;

/** A filter pattern that does not follow the grammar; the message says where and why (for logs and tests). */
public final class InvalidPatternException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidPatternException(String reason) {
        super(reason);
    }
}

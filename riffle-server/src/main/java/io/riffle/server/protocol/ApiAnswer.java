package io.riffle.server.protocol;

/** What the HTTP layer sends back: status, content type and body bytes. */
public record ApiAnswer(int status, String contentType, byte[] body) {
}

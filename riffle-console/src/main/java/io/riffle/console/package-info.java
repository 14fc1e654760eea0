/**
 * The web console, served under {@code /console/} on the front door: static pages that call the Kinesis API from the
 * browser (same origin, so no CORS), and a small API of the console's own for what the Kinesis API does not give a
 * browser: stream rates sampled from the server's metrics, and records pushed live as server-sent events.
 */
package io.riffle.console;

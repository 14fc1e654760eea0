package io.riffle.aws.http;

import java.util.concurrent.Executor;

/**
 * What bounds the clients of one server, shared by all its connections: no client, slow or
 * hostile, holds sockets, memory or event-loop time without end.
 *
 * @param maxBodyBytes larger request bodies are answered 413
 * @param idleTimeoutMs a connection silent this long with no answer pending is closed
 * @param deadlines how long a head, a body and an HTTP/2 preface may take to arrive
 * @param budget the request bytes all connections together may hold
 * @param problems what clients did wrong, counted and logged without flooding
 * @param parsing where large request bodies are parsed, off the event loops
 */
record ServingLimits(int maxBodyBytes, long idleTimeoutMs, ReadDeadline.Timeouts deadlines, RequestBudget budget,
                     ClientProblems problems, Executor parsing) {
}

/**
 * The Kinesis Data Streams compatible server: HTTP/1.1 and HTTP/2 transport, the JSON and CBOR
 * protocol codecs, the control plane (streams, shards, consumers), the data plane (put, get,
 * subscribe), SigV4 authentication and metrics. Built on {@code riffle-storage}.
 *
 * <p>Empty for now; the server arrives with the issue "Kinesis Data Streams API server".
 */
package io.riffle.server;

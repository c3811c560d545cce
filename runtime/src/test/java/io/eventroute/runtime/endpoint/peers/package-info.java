/**
 * Real local peers for the Azure senders, on loopback only.
 *
 * <p>{@link io.eventroute.runtime.endpoint.peers.HttpsPeer}: a JDK HTTPS server with a committed
 * self-signed certificate; the Event Grid tests check the request line ({@code POST}, path,
 * {@code api-version}), the {@code aeg-sas-key} header, the content type and the JSON-array body of
 * both schemas, and script 200, 503 then 200, 408/429/5xx (transient), 400/401/403/404/413 and 202
 * (permanent), a dropped connection, a slow reply (timeout), a refused connection and an untrusted
 * certificate.
 *
 * <p>{@link io.eventroute.runtime.endpoint.peers.ArtemisPeer}: embedded ActiveMQ Artemis speaking
 * AMQP 1.0, with {@link io.eventroute.runtime.endpoint.peers.AzureAmqpShim} answering {@code $cbs}
 * and {@code $management} like the services and a plugin advertising the maximum message size; the
 * SDK reaches it with {@code UseDevelopmentEmulator=true}. Messages are made durable and the journal
 * is kept, so a stop and restart loses nothing that was acknowledged; the SDK's batch envelopes are
 * unpacked when browsing. The Service Bus and Event Hubs tests check application properties, content
 * type, body, message id, the partition key annotation and per-twin order, a route's entity, missing
 * entities and oversized events (permanent), an unreachable namespace and a broker stopped mid-stream
 * (transient, then delivered after the restart). Not covered: real Azure authorization (the shim
 * accepts any token), sessions, scheduled messages and receiving through the SDK.
 *
 * <p>Through the {@link io.eventroute.runtime.Router} ({@code EventGridFaultTest}, {@code AmqpFaultTest}):
 * 300 events on several routes per endpoint while the HTTPS peer answers 503, bursts of 429, drops
 * connections and refuses one event with 400, or while the broker is stopped mid-stream and restarted,
 * or is down when the router closes. For every route, each match is at the peer or in the dead letters
 * (unchanged, with a reason naming the route), the counters agree with both, and each twin's events
 * arrive in order.
 */
package io.eventroute.runtime.endpoint.peers;

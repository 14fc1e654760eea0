/**
 * The metadata kit: a service's control state kept as typed, versioned events in a storage log
 * ({@link io.riffle.metadata.EventCodec}, {@link io.riffle.metadata.EventLog}), replayed into a
 * {@link io.riffle.metadata.StateMachine} at start, compacted by automatic snapshots
 * ({@link io.riffle.metadata.SnapshotPolicy}), with timed transitions ("at T apply E unless
 * superseded") that survive restarts. Depends on riffle-storage's public API and Jackson only.
 */
package io.riffle.metadata;

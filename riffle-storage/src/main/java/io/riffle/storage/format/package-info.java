/**
 * Internal: the on-disk layouts (record batches, journal groups, CRCs), the engine's own. Nothing
 * outside riffle-storage may use this package; {@code StorageApiBoundaryTest} in riffle-server
 * checks it.
 */
package io.riffle.storage.format;

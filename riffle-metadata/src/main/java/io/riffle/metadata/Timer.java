package io.riffle.metadata;

/** A timed transition: the event a timer appends once the clock reaches {@code atMs}. */
record Timer<E>(long atMs, E event) {
}

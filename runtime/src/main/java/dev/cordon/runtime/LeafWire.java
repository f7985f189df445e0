package dev.cordon.runtime;

import dev.cordon.Isolation;

/**
 * A wire between two leaves, after nested compositions are resolved to the models inside them.
 *
 * @param declared the wire as declared, for messages ({@code encoder.code -> head.code})
 * @param level the stricter level of the two sides: what the wire was built as
 */
record LeafWire(String fromLeaf, String fromOutput, String toLeaf, String toInput, Isolation level, String declared) {}

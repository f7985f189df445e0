package dev.cordon;

/**
 * How far a member of an {@link Isolated} composition is kept from the others: the three ways
 * Python TensorFlow users keep models apart, as one word each.
 */
public enum Isolation {
  /**
   * Its own name scope in the composition's graph and session (Python's {@code variable_scope}).
   * A wire hands over the operand itself: gradients flow across it.
   */
  SCOPE,
  /**
   * Its own name scope in the composition's graph, and a {@code stopGradient} copy on every wire
   * into or out of it: no gradient crosses its border in either direction, so nothing trained
   * downstream can change its weights. ({@code tf.identity} would not do: it passes gradients.)
   */
  BOUNDARY,
  /**
   * Its own {@code Graph} and {@code Session}: it shares nothing with the other members. A wire
   * hands the computed tensor from one session's result to the next session's feed, without a
   * copy through Java memory.
   */
  GRAPH
}

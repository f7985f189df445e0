package dev.cordon.runtime;

/** What every generated composition offers besides its typed methods and member accessors. */
public interface CordonComposition extends AutoCloseable {

  /**
   * The built composition: its graph, members, isolation audit ({@link CompositionRuntime#audit})
   * and Graphviz description ({@link CompositionRuntime#toDot}).
   */
  CompositionRuntime runtime();

  /**
   * Writes one SavedModel of the composition: see {@link CompositionRuntime#exportSavedModel}.
   * Throws {@link UnsupportedOperationException} when a member is GRAPH-isolated.
   */
  void exportSavedModel(java.nio.file.Path dir);

  /** Closes every member and every graph and session the composition created. Idempotent. */
  @Override
  void close();
}

package dev.cordon.runtime;

/** What every generated composition offers besides its typed methods and member accessors. */
public interface CordonComposition extends AutoCloseable {

  /**
   * The built composition as it can be inspected: its models' scopes, isolation audit ({@link
   * CompositionInspection#audit}), gradient check, Graphviz description ({@link
   * CompositionInspection#toDot}) and shared graph.
   */
  CompositionInspection inspect();

  /**
   * Writes one SavedModel of the composition's models, which must all share its graph: the nodes
   * its outputs and its members' variables reach, cut at the composition inputs; one signature
   * per composition output (keyed by the output's name, plus {@code serving_default} for the
   * first), each taking the composition inputs that output needs; the members' variables under
   * their full op names ({@code <scope>/<variable>}). Loads with plain TF Java's {@code
   * SavedModelBundle.load}. Atomic like {@link CordonModel#exportSavedModel}.
   *
   * @throws UnsupportedOperationException when a member is GRAPH-isolated (it runs in a graph and
   *     session of its own, so the composition has no single graph to export); the message names
   *     those members. Export them one by one with {@code exportSavedModel} instead.
   */
  void exportSavedModel(java.nio.file.Path dir);

  /** Closes every member and every graph and session the composition created. Idempotent. */
  @Override
  void close();
}

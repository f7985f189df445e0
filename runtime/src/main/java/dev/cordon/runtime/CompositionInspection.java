package dev.cordon.runtime;

import dev.cordon.internal.composition.CompositionEngine;
import java.util.List;
import java.util.Map;

/**
 * What a built composition shows of itself ({@code composition.inspect()}): its models' scopes,
 * the isolation audit, the gradient check, a Graphviz description and the shared graph. Reading
 * only: it runs no model. Valid while the composition is open.
 */
public final class CompositionInspection {

  private final CompositionEngine engine;

  CompositionInspection(CompositionEngine engine) {
    this.engine = engine;
  }

  /** Each model's effective scope by its path ({@code encoder}, {@code retrieval.encoder}). */
  public Map<String, String> scopes() {
    return engine.scopes();
  }

  /**
   * Every edge of the composition's graphs that enters a model's scope other than through a
   * declared wire (for a BOUNDARY, its {@code stopGradient}); empty when the composition is
   * isolated.
   */
  public List<IsolationViolation> audit() {
    return engine.audit();
  }

  /**
   * The gradient check: for every BOUNDARY model of the shared graph, whether a loss of another
   * model of that graph, or the composition's own, has a gradient with respect to one of its
   * variables. Each leak reads {@code "<loss> reaches <model>.<variable>"}; empty when no gradient
   * crosses a boundary. Runs on a copy of the graph, so the live graph gains no op. GRAPH models
   * need no check: their variables live in another graph, which no gradient can reach.
   */
  public List<String> gradientLeaks() {
    return engine.gradientLeaks();
  }

  /** The composition as Graphviz DOT: a cluster per graph, a box per model, labelled wires. */
  public String toDot() {
    return engine.toDot();
  }

  /**
   * A table like Keras' {@code summary()}: a section per member (path, model, scope, isolation
   * level, whether the composition's loss trains it) listing its layers' variables with shapes
   * and parameter counts, trainable and not; then the totals, and how many parameters the
   * composition's own training updates.
   */
  public String summary() {
    return engine.summary();
  }

  /** The graph shared by the members that are not GRAPH-isolated; owned by the composition. */
  public SharedGraph graph() {
    return engine.graph();
  }

  @Override
  public String toString() {
    return "inspection of " + engine.spec().simpleName() + " " + scopes();
  }
}

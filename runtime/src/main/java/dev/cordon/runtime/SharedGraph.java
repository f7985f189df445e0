package dev.cordon.runtime;

import dev.cordon.internal.Arguments;
import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.RuntimeAccess;
import java.util.List;
import org.tensorflow.Graph;

/**
 * One TensorFlow {@link Graph} and one {@code Session} into which several models are built (see
 * {@code CordonFoo.builder().graph(shared)}). Each model still initialises, trains, saves and
 * restores only its own variables; two models may not share a scope.
 *
 * <p>The shared graph owns its graph and session: {@link #close()} frees both, after which every
 * model built into it throws {@link IllegalStateException}. Closing a model does not close the
 * shared graph.
 */
public final class SharedGraph implements AutoCloseable {

  static {
    RuntimeAccess.install(new RuntimeBridge());
  }

  final GraphHandle handle;

  private SharedGraph() {
    this.handle = GraphHandle.joinable();
  }

  /** Creates an empty graph and its session. */
  public static SharedGraph create() {
    return new SharedGraph();
  }

  /**
   * The underlying graph, for inspection (auditing op names, exporting a {@code GraphDef}). It
   * stays owned by this object: do not close it, and do not add ops under a scope a model uses.
   */
  public Graph graph() {
    Arguments.open(handle.isClosed(), "SharedGraph", "graph", "the shared graph");
    return handle.graph();
  }

  /** The scopes of the models built so far, mapped to the models' names, in build order. */
  public java.util.Map<String, String> scopes() {
    return handle.scopes();
  }

  /**
   * The isolation audit of everything built into this graph: every edge (data or control) that
   * enters one model's scope from another model's scope other than through a wire a composition
   * declared (for a BOUNDARY wire, its {@code stopGradient}). Covers every scope this graph holds:
   * models built into it with {@code builder().graph(this)}, the members of a composition whose
   * graph this is ({@code composition.inspect().graph()}), SavedModels imported into it. A
   * composition's own loss and training ops may read the models it holds; ops under no model's
   * scope are not checked. A violation's source and target are op names; its reason names the
   * scopes. Empty when the models are isolated from one another.
   *
   * <p>Unlike {@link CompositionInspection#audit()}, which checks one composition's members
   * against its wires, this checks whole graphs: a model or an import added beside a composition
   * is audited against every other model there. Waits for a model being built to finish.
   *
   * @throws IllegalStateException when this graph is closed
   */
  public List<IsolationViolation> audit() {
    return handle.audit();
  }

  /** Closes the session and the graph. Idempotent. */
  @Override
  public void close() {
    handle.close();
  }
}

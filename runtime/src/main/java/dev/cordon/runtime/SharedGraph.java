package dev.cordon.runtime;

import dev.cordon.internal.GraphHandle;
import dev.cordon.internal.RuntimeAccess;
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
    this.handle = GraphHandle.create(null);
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
    return handle.graph();
  }

  /** The scopes of the models built so far, mapped to the models' names, in build order. */
  public java.util.Map<String, String> scopes() {
    return handle.scopes();
  }

  /** Closes the session and the graph. Idempotent. */
  @Override
  public void close() {
    handle.close();
  }
}

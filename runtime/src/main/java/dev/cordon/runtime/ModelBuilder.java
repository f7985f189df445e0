package dev.cordon.runtime;

import dev.cordon.internal.Arguments;
import dev.cordon.internal.ModelAssembly;
import dev.cordon.internal.ModelEngine;
import dev.cordon.internal.ModelSpec;
import dev.cordon.internal.Scopes;
import dev.cordon.internal.WiredInput;
import dev.cordon.internal.savedmodel.SavedModelBinding;
import dev.cordon.runtime.train.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The settings every generated {@code CordonFoo.Builder} shares. A builder is single-use state;
 * {@code build()} may be called more than once, each call building a new, independent instance.
 *
 * @param <B> the generated builder type, returned by every setter for chaining
 */
public abstract class ModelBuilder<B extends ModelBuilder<B>> extends BuilderSettings<B> {

  private final ModelSpec spec;
  private String scope;
  private SharedGraph graph;
  private java.nio.file.Path savedModelPath; // replaces @SavedModel(path) when set
  private final java.util.Set<String> allowedOps = new java.util.TreeSet<>(); // beyond the default allowlist
  // Set by a composition building this model as a member.
  private final Map<String, WiredInput> wires = new LinkedHashMap<>();
  private Consumer<ModelEngine> onBuilt = runtime -> {};

  /** Called by the generated builder with its model's spec. */
  protected ModelBuilder(ModelSpec spec) {
    super(Objects.requireNonNull(spec, "spec").simpleName(), Optimizer.adam(0.001f), Execution.AUTO);
    this.spec = spec;
    this.scope = spec.scope();
  }

  /**
   * Overrides the name scope declared in {@code @Model(scope = ...)}, for instance to build a
   * second instance of the same model into one {@link SharedGraph}.
   */
  public final B scope(String scope) {
    this.scope = Scopes.checkScope(spec.simpleName() + ".builder().scope", scope);
    return self();
  }

  /**
   * Builds into {@code graph} instead of a new graph and session of the model's own. The shared
   * graph stays owned by the caller; closing the model does not close it.
   */
  public final B graph(SharedGraph graph) {
    Arguments.notNull(spec.simpleName(), "builder().graph", "graph", graph);
    if (graph.handle.isClosed()) {
      throw new IllegalArgumentException(spec.simpleName() + ".builder().graph: the SharedGraph is closed");
    }
    this.graph = graph;
    return self();
  }

  /**
   * For a model imported from a SavedModel: imports the SavedModel directory {@code dir} instead of
   * the {@code @SavedModel(path)} declared one. Generated builders of such models expose it as
   * {@code savedModelPath(Path)}.
   */
  protected final B overrideSavedModelPath(java.nio.file.Path dir) {
    if (spec.savedModel().isEmpty()) {
      throw new IllegalStateException(spec.simpleName() + " is not imported from a SavedModel");
    }
    this.savedModelPath = Arguments.notNull(spec.simpleName(), "builder().savedModelPath", "dir", dir);
    return self();
  }

  /**
   * For a model imported from a SavedModel: also accepts these op types, which the default
   * allowlist of {@link dev.cordon.runtime.savedmodel.SavedModelImport} refuses (file, network or Python ops). Generated
   * builders of such models expose it as {@code allowOps(String...)}. Widen it only for a
   * SavedModel you trust.
   */
  protected final B allowSavedModelOps(String... opTypes) {
    if (spec.savedModel().isEmpty()) {
      throw new IllegalStateException(spec.simpleName() + " is not imported from a SavedModel");
    }
    allowedOps.addAll(java.util.List.of(Arguments.noNulls(spec.simpleName(), "builder().allowOps", "opTypes", opTypes)));
    return self();
  }

  /** Starts building the model's graph; the generated constructor completes it. */
  protected final ModelAssembly start() {
    return ModelAssembly.start(spec, scope, seed, optimizer, graph == null ? null : graph.handle, wires, onBuilt,
        new SavedModelBinding.Options(savedModelPath, java.util.Set.copyOf(allowedOps)), execution);
  }

  ModelSpec spec() {
    return spec;
  }

  /** Feeds {@code input} from {@code source}, an output of another member in the same graph. */
  void wire(String input, WiredInput source) {
    wires.put(input, source);
  }

  /** Set by a composition: its own execution option applies to its members. */
  void executionFromComposition(Execution execution) {
    this.execution = execution;
  }

  void onBuilt(Consumer<ModelEngine> listener) {
    this.onBuilt = listener;
  }
}

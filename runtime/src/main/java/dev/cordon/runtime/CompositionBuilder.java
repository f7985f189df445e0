package dev.cordon.runtime;

import dev.cordon.internal.Scopes;
import dev.cordon.internal.composition.CompositionAssembly;
import dev.cordon.internal.composition.CompositionSpec;
import dev.cordon.runtime.train.Optimizer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings every generated composition builder shares. {@code build()} may be called more
 * than once, each call building new, independent members.
 *
 * @param <B> the generated builder type
 */
public abstract class CompositionBuilder<B extends CompositionBuilder<B>> {

  private final CompositionSpec spec;
  private long seed;
  private Optimizer optimizer;
  private final Map<String, String> scopes = new HashMap<>();
  private CompositionAssembly.Nesting nesting;

  /** Called by the generated builder with its composition's spec. */
  protected CompositionBuilder(CompositionSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /** The generated builder itself. */
  protected abstract B self();

  /** The seed of the whole composition; each member derives its own from it and its name. */
  public final B seed(long seed) {
    this.seed = seed;
    return self();
  }

  /**
   * The optimizer of the composition's own {@code @Loss} and of every member's {@code trainStep}
   * (default: each member's default, {@code Optimizer.adam(0.001f)}).
   */
  public final B optimizer(Optimizer optimizer) {
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    return self();
  }

  /** Overrides the scope of {@code member}; generated builders offer one typed setter per member. */
  protected final B memberScope(String member, String scope) {
    spec.member(member);
    scopes.put(member, Scopes.checkScope(spec.simpleName() + "." + member, scope));
    return self();
  }

  /** Starts building the composition; the generated constructor builds its members into it. */
  protected final CompositionAssembly start() {
    return CompositionAssembly.start(spec, seed, optimizer, Map.copyOf(scopes), nesting);
  }

  CompositionSpec spec() {
    return spec;
  }

  void nestInto(CompositionAssembly.Nesting nesting) {
    this.nesting = nesting;
  }
}

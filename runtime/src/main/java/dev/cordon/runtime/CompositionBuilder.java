package dev.cordon.runtime;

import dev.cordon.internal.Scopes;
import dev.cordon.internal.composition.CompositionAssembly;
import dev.cordon.internal.composition.CompositionSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings every generated composition builder shares. {@code build()} may be called more
 * than once, each call building new, independent members.
 *
 * @param <B> the generated builder type
 */
public abstract class CompositionBuilder<B extends CompositionBuilder<B>>
    extends BuilderSettings<B> {

  private final CompositionSpec spec;
  private final Map<String, String> scopes = new HashMap<>();
  private CompositionAssembly.Nesting nesting;

  /**
   * Called by the generated builder with its composition's spec. The optimizer and execution
   * option default to null: each member's own.
   */
  protected CompositionBuilder(CompositionSpec spec) {
    super(Objects.requireNonNull(spec, "spec").simpleName(), null, null);
    this.spec = spec;
  }

  /** Overrides the scope of {@code member}; generated builders offer one typed setter per member. */
  protected final B memberScope(String member, String scope) {
    spec.member(member);
    scopes.put(member, Scopes.checkScope(spec.simpleName() + ".builder()." + member + "Scope", scope));
    return self();
  }

  /** Starts building the composition; the generated constructor builds its members into it. */
  protected final CompositionAssembly start() {
    return CompositionAssembly.start(spec, seed, optimizer, Map.copyOf(scopes), nesting).execution(execution);
  }

  CompositionSpec spec() {
    return spec;
  }

  void nestInto(CompositionAssembly.Nesting nesting) {
    this.nesting = nesting;
  }
}

package dev.cordon.runtime;

import dev.cordon.internal.Arguments;
import dev.cordon.runtime.train.Optimizer;
import java.util.Objects;

/**
 * The settings {@link ModelBuilder} and {@link CompositionBuilder} share: the seed, the optimizer
 * and the execution option, each setter returning the generated builder for chaining. Only those
 * two extend it (its constructor is package-private). Public, not package-private, so that its
 * final setters stay callable through reflection on a generated builder as well as from code.
 *
 * @param <B> the generated builder type
 */
public abstract class BuilderSettings<B extends BuilderSettings<B>> {

  private final String owner; // the model's or composition's simple name, for messages
  long seed;
  Optimizer optimizer;
  Execution execution;

  BuilderSettings(String owner, Optimizer optimizer, Execution execution) {
    this.owner = owner;
    this.optimizer = optimizer;
    this.execution = execution;
  }

  /** The generated builder itself (every generated builder extends its base with itself as {@code B}). */
  @SuppressWarnings("unchecked")
  protected B self() {
    return (B) this;
  }

  /**
   * The seed of every random initialiser and dropout mask (default 0); a composition's members
   * each derive their own from it and their name. The same seed, data and machine give
   * bit-identical weights.
   */
  public final B seed(long seed) {
    this.seed = seed;
    return self();
  }

  /**
   * The optimizer of {@code trainStep} and {@code fit} (default {@code Optimizer.adam(0.001f)});
   * for a composition, of its own {@code @Loss} and of every member's {@code trainStep}.
   */
  public final B optimizer(Optimizer optimizer) {
    this.optimizer = Arguments.notNull(owner, "builder().optimizer", "optimizer", optimizer);
    return self();
  }

  /**
   * Which thread runs the ops during a call (default {@link Execution#AUTO}: the caller's thread
   * unless the call runs a large graph on a machine with many cores); a composition's applies to
   * every member and to its own calls.
   */
  public final B execution(Execution execution) {
    this.execution = Objects.requireNonNull(execution, "execution");
    return self();
  }
}

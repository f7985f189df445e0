package dev.cordon.internal;

import dev.cordon.Isolation;
import dev.cordon.internal.ModelSpec.InputSpec;
import dev.cordon.runtime.ModelBuildException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * An input that a composition feeds from another member's output in the same graph.
 *
 * @param source the upstream output, as the upstream member built it
 * @param from {@code member.output}, for messages
 * @param level SCOPE (the copy passes gradients) or BOUNDARY (it stops them)
 */
public record WiredInput(Operand<?> source, String from, Isolation level) {

  /** The same wire, at least as strict as {@code other}. */
  public WiredInput atLeast(Isolation other) {
    return other.ordinal() > level.ordinal() ? new WiredInput(source, from, other) : this;
  }

  /** The member's input: a named copy of the source, checked against the input's declaration. */
  public <T extends TType> Operand<T> copy(Ops named, String input, InputSpec spec, Class<T> type) {
    if (source.type() != type) {
      throw new ModelBuildException(
          "wire " + from + " -> " + input + ": " + from + " is " + source.type().getSimpleName() + " but "
              + input + " is " + type.getSimpleName());
    }
    if (!Shapes.compatible(spec.shape(), source.shape())) {
      throw new ModelBuildException(
          "wire " + from + " -> " + input + ": " + from + " has shape " + Shapes.format(source.shape())
              + " but " + input + " expects " + Shapes.format(spec.shape()));
    }
    Operand<T> typed = source.asOutput().expect(type);
    return level == Isolation.BOUNDARY ? named.stopGradient(typed) : named.identity(typed);
  }
}

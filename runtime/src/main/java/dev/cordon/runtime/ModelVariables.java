package dev.cordon.runtime;

import dev.cordon.internal.Arguments;
import dev.cordon.internal.ModelVariable;
import dev.cordon.internal.Trainee;
import dev.cordon.internal.VariableTable;
import java.util.List;
import java.util.function.Function;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * A model's variables (declared ones and those of its layers), by name relative to the model's
 * scope, in creation order: the weights its checkpoints hold. Most are trainable; a batch
 * normalization's moving statistics are not ({@link #trainable}). Optimizer slots are not listed.
 */
public final class ModelVariables {

  /** The engine these variables belong to (for {@code TrainingCheckpoint}), or null. */
  final Trainee owner;
  private final String modelName;
  private final List<ModelVariable<?>> variables;
  private final Function<ModelVariable<?>, Tensor> reader;

  ModelVariables(Trainee owner, String modelName, List<ModelVariable<?>> variables, Function<ModelVariable<?>, Tensor> reader) {
    this.owner = owner;
    this.modelName = modelName;
    this.variables = List.copyOf(variables);
    this.reader = reader;
  }

  /**
   * A table of the model's layers and variables, like Keras' {@code summary()}: one row per layer
   * (the variables sharing a name prefix, such as {@code hidden/kernel} and {@code hidden/bias})
   * with their shapes and parameter counts, then the totals, trainable and not.
   */
  public String summary() {
    return "Model: " + modelName + "\n" + VariableTable.header("Layer") + VariableTable.rows(variables, "")
        + VariableTable.RULE + VariableTable.totals(variables);
  }

  /** The names, such as {@code kernel} or {@code hidden/kernel}. */
  public List<String> names() {
    return variables.stream().map(ModelVariable::path).toList();
  }

  /**
   * Whether the training step differentiates {@code name}; false for state it updates by
   * assignment, such as a batch normalization's moving mean and variance.
   */
  public boolean trainable(String name) {
    return find("trainable", name).trainable();
  }

  /** The number of scalars in every variable ({@code trainable} ones only, or all). */
  public long parameterCount(boolean trainableOnly) {
    return VariableTable.parameters(variables, trainableOnly);
  }

  public Class<? extends TType> type(String name) {
    return find("type", name).type();
  }

  public Shape shape(String name) {
    return find("shape", name).shape();
  }

  /** The current value of {@code name}, as a new tensor that the caller owns and must close. */
  public Tensor read(String name) {
    return reader.apply(find("read", name));
  }

  /** The current value of the {@code TFloat32} variable {@code name}, flattened in row-major order. */
  public float[] readFloats(String name) {
    ModelVariable<?> v = find("readFloats", name);
    if (v.type() != TFloat32.class) {
      throw new IllegalArgumentException(
          modelName + ".variables().readFloats: variable '" + name + "' is " + v.type().getSimpleName()
              + ", not TFloat32");
    }
    try (TFloat32 t = (TFloat32) reader.apply(v)) {
      float[] out = new float[(int) t.size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  private ModelVariable<?> find(String method, String name) {
    Arguments.name(modelName, "variables()." + method, "variable", name, names());
    for (ModelVariable<?> v : variables) {
      if (v.path().equals(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException(modelName + " has no variable '" + name + "'; it has " + names());
  }

  @Override
  public String toString() {
    return modelName + " variables " + names();
  }
}
